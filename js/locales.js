// The widget's locales (DESIGN §12) and how a BCP 47 tag is matched to one: the exact tag
// first, then the language (`fr-BE` → `fr`, `pt-PT` → `pt`), Chinese by its script
// (`zh-Hant-TW` → `zh-TW`, `zh-Hans-SG` → `zh`) and Spanish by region (`es-MX` →
// `es-419`); anything else is not matched (the widget falls back to English). Used by
// the loader (to start a locale's fetch beside the wasm) and by the wasm itself.
export const LOCALES = [
  'ar', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr',
  'fr-CA', 'he', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl',
  'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
];
// Languages written under another code (Norwegian, Tagalog; `Intl.Locale` already turns
// the retired `iw`/`in` into `he`/`id`).
const ALIASES = { no: 'nb', nn: 'nb', tl: 'fil' };
// Latin America and the Caribbean (UN M49 419, as CLDR's es-419 has them).
const LATIN_AMERICA = 'AR BO BR BZ CL CO CR CU DO EC GT HN MX NI PA PE PR PY SV US UY VE 419';

export function matchLocale(tag) {
  let locale;
  try {
    locale = new Intl.Locale(String(tag).trim().replace(/_/g, '-'));
  } catch {
    return undefined;
  }
  const exact = LOCALES.find((l) => l.toLowerCase() === locale.baseName.toLowerCase());
  if (exact) return exact;
  const language = ALIASES[locale.language] || locale.language;
  const region = locale.region || '';
  if (language === 'zh') {
    const script = locale.script || locale.maximize().script;
    if (script !== 'Hant') return 'zh';
    return region === 'HK' || region === 'MO' ? 'zh-HK' : 'zh-TW';
  }
  if (language === 'es' && LATIN_AMERICA.split(' ').includes(region)) return 'es-419';
  if (language === 'en') return 'en';
  return LOCALES.includes(language) ? language : undefined;
}

// Where a locale's strings are: beside the loader (the release widget), else beside the
// page (`trunk serve`, where the loader does not run).
export function localeUrl(id) {
  const base = globalThis[Symbol.for('checkout-widget.base')] || document.baseURI;
  return new URL(`locales/${id}.json`, base).href;
}

// A locale's strings (an object of key → text), fetched once per page: the loader's
// request when it started one (beside the wasm), else a new one with the widget's 20 s
// limit. Rejects when the file cannot be had.
const strings = new Map();
const loaded = {};
// A locale's strings once they are here (`null`: they could not be had).
export const loadedStrings = (id) => loaded[id];
export function localeStrings(id) {
  let answer = strings.get(id);
  if (!answer) {
    const url = localeUrl(id);
    const prefetched = globalThis[Symbol.for('checkout-widget.prefetched')];
    let response = prefetched?.get(url);
    prefetched?.delete(url);
    if (!response) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20_000);
      response = fetch(url, { signal: controller.signal });
    }
    answer = response.then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url}: ${r.status}`))));
    answer.then((object) => { loaded[id] = object; }, () => { loaded[id] = null; });
    strings.set(id, answer);
  }
  return answer;
}

const plurals = new Map();
export function pluralCategory(tag, count) {
  let rules = plurals.get(tag);
  if (!rules) plurals.set(tag, (rules = new Intl.PluralRules(tag)));
  return rules.select(count);
}
