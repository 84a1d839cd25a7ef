-- Every list of the engine API is newest first by (created, id) and pages from a cursor
-- object (`starting_after`, `ending_before`): these indexes answer a page by a range
-- scan from the cursor instead of sorting the whole table.
CREATE INDEX products_by_created ON products (created, id);
CREATE INDEX prices_by_created ON prices (created, id);
CREATE INDEX prices_of_product_by_created ON prices (product, created, id);
CREATE INDEX coupons_by_created ON coupons (created, id);
CREATE INDEX sessions_by_created ON sessions (created, id);
CREATE INDEX webhook_endpoints_by_created ON webhook_endpoints (created, id);
