// Search ranking for this guide (html_search_scorer in conf.py): Sphinx writes it into
// language_data.js, where it replaces searchtools.js's default Scorer.
// Sphinx scores a word in any heading like a word in the page title, so a page with a
// section that mentions the query ties with the page about it, and ties fall back to
// alphabetical order.  So a page whose own title names every word of the query comes
// first (+10).  (The printable handout, which repeats every rule, is kept out of the
// index with nosearch.)
var Scorer = {
  score: (result) => {
    const [, title, , , score] = result;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
    const heading = String(title).toLowerCase();
    // Compare word stems roughly: "Verschlüsselung" matches "verschlüsselt".
    const named = words.length > 0 && words.every(
      (word) => heading.includes(word.length > 6 ? word.slice(0, word.length - 3) : word),
    );
    return score + (named ? 10 : 0);
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
