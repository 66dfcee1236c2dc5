// Sphinx turns the catalog's plural rule into code with new Function(), which the
// site's Content-Security-Policy forbids (no 'unsafe-eval').  English and German share
// one rule, so set it directly.  docs/_ext/csp.py adds this file with priority 300:
// after doctools.js (200), which defines Documentation, and before the catalog
// translations.js (500), which calls Documentation.addTranslations.
Documentation.addTranslations = (catalog) => {
  Object.assign(Documentation.TRANSLATIONS, catalog.messages);
  Documentation.PLURAL_EXPR = (n) => (n === 1 ? 0 : 1);
  Documentation.LOCALE = catalog.locale;
};
