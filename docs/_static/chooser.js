/* The channel chooser on how-to/choose-a-channel (docs/_ext/chooser.py).
 *
 * chooser-data.js holds every situation's findings, written at build time from the
 * rules package in the page's language.  This script only reads the situation from
 * the form or the address, looks it up and renders the answer: no verdict logic
 * lives here.  The situation is kept in the address (names as on the command line),
 * so a link shows the same answer, the back button steps through earlier choices
 * and the language switch keeps the choice.  No framework, no eval, no inline code.
 */
(function () {
  "use strict";

  var data = window.chooserData;
  var form = document.querySelector("form.chooser-form");
  if (!data || !form) {
    return;
  }
  var answer = document.getElementById("chooser-answer");
  var result = document.getElementById("chooser-result");
  var situationLine = document.getElementById("chooser-situation");
  var status = document.getElementById("chooser-status");
  var title = document.getElementById("chooser-answer-title");
  var root = form.getAttribute("data-root") || "";
  var YES = ["1", "true", "on", "yes"];

  /* The situation named by URL parameters (or the form's data): unknown values are ignored. */
  function stateFrom(params) {
    var state = { values: {}, flags: {} };
    data.dimensions.forEach(function (dimension) {
      var name = dimension[0];
      var value = params.get(name);
      state.values[name] = dimension[1].indexOf(value) >= 0 ? value : data.defaults[name] || null;
    });
    data.flags.forEach(function (flag) {
      state.flags[flag] = YES.indexOf((params.get(flag) || "").toLowerCase()) >= 0;
    });
    return state;
  }

  /* The situation's number in the data (the order of all_situations()), or -1. */
  function indexOf(state) {
    var index = 0;
    for (var i = 0; i < data.dimensions.length; i++) {
      var values = data.dimensions[i][1];
      var position = values.indexOf(state.values[data.dimensions[i][0]]);
      if (position < 0) {
        return -1;
      }
      index = index * values.length + position;
    }
    data.flags.forEach(function (flag) {
      index = index * 2 + (state.flags[flag] ? 1 : 0);
    });
    return index;
  }

  /* The address for a situation: what the form submits, plus a platform other than the default. */
  function queryOf(state) {
    var params = new URLSearchParams();
    data.dimensions.forEach(function (dimension) {
      var name = dimension[0];
      var value = state.values[name];
      var asked = form.elements.namedItem(name) !== null;
      if (value && (asked || value !== data.defaults[name])) {
        params.set(name, value);
      }
    });
    data.flags.forEach(function (flag) {
      if (state.flags[flag]) {
        params.set(flag, "1");
      }
    });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function setForm(state) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.type === "radio") {
        input.checked = state.values[input.name] === input.value;
      } else if (input.type === "checkbox") {
        input.checked = Boolean(state.flags[input.name]);
      }
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function ruleLinks(numbers) {
    var fragment = document.createDocumentFragment();
    numbers.forEach(function (number, position) {
      if (position) {
        fragment.appendChild(document.createTextNode(", "));
      }
      var link = element("a", "chooser-rule", data.rules[number]);
      link.href = root + data.ruleUrls[number];
      link.setAttribute("data-rule", data.rules[number]);
      fragment.appendChild(link);
    });
    return fragment;
  }

  function detail(label, text, className) {
    var item = element("li", className);
    item.appendChild(element("span", "chooser-label", label));
    item.appendChild(document.createTextNode(" " + data.strings[text]));
    return item;
  }

  function renderFinding(number) {
    var finding = data.findings[number];
    var channel = data.channels[finding[0]];
    var verdict = data.verdicts[finding[1]];
    var item = element("li", "chooser-channel verdict-" + verdict);
    item.setAttribute("data-channel", channel);
    item.setAttribute("data-verdict", verdict);
    var line = element("p", "chooser-line");
    line.appendChild(element("strong", "chooser-channel-name", data.channelLabels[finding[0]]));
    line.appendChild(document.createTextNode(": "));
    line.appendChild(element("span", "chooser-verdict", data.verdictLabels[finding[1]]));
    line.appendChild(document.createTextNode(" ("));
    line.appendChild(ruleLinks(finding[2]));
    line.appendChild(document.createTextNode(")"));
    item.appendChild(line);
    var details = element("ul", "chooser-details");
    finding[3].forEach(function (text) {
      details.appendChild(detail(data.words.why, text, "chooser-reason"));
    });
    finding[4].forEach(function (text) {
      details.appendChild(detail(data.words.condition, text, "chooser-condition"));
    });
    if (details.childNodes.length) {
      item.appendChild(details);
    }
    return item;
  }

  /* The situation in words, in the order the command line writes it; a part the form
     does not ask for (the platform) only when the address names another than the default. */
  function describe(state) {
    var parts = [];
    data.dimensions.forEach(function (dimension) {
      var value = state.values[dimension[0]];
      if (form.elements.namedItem(dimension[0]) !== null || value !== data.defaults[dimension[0]]) {
        parts.push(data.labels[value]);
      }
    });
    data.flags.forEach(function (flag) {
      if (state.flags[flag]) {
        parts.push(data.labels[flag]);
      }
    });
    return data.words.situation + " " + parts.join(" · ");
  }

  function render(state) {
    var index = indexOf(state);
    result.textContent = "";
    if (index < 0) {
      answer.hidden = true;
      situationLine.textContent = "";
      status.textContent = data.words.choose;
      return;
    }
    var numbers = data.situations[index];
    numbers.forEach(function (number) {
      result.appendChild(renderFinding(number));
    });
    situationLine.textContent = describe(state);
    answer.hidden = false;
    var best = data.findings[numbers[0]];
    status.textContent = data.words.updated
      .replace("{channel}", data.channelLabels[best[0]])
      .replace("{verdict}", data.verdictLabels[best[1]]);
  }

  /* The language switch opens the same page in the other language with the same choice. */
  function keepInLanguageLinks(query) {
    var links = document.querySelectorAll("nav.language-switch a[hreflang]");
    Array.prototype.forEach.call(links, function (link) {
      if (!link.hasAttribute("data-base-href")) {
        link.setAttribute("data-base-href", link.getAttribute("href"));
      }
      link.setAttribute("href", link.getAttribute("data-base-href") + query);
    });
  }

  function show(state) {
    setForm(state);
    render(state);
    keepInLanguageLinks(queryOf(state));
  }

  function fromForm() {
    var state = stateFrom(new URLSearchParams(new FormData(form)));
    /* A platform given in the address is kept: the form does not ask for it. */
    var current = stateFrom(new URLSearchParams(window.location.search));
    data.dimensions.forEach(function (dimension) {
      if (form.elements.namedItem(dimension[0]) === null) {
        state.values[dimension[0]] = current.values[dimension[0]];
      }
    });
    return state;
  }

  function choose(moveFocus) {
    var state = fromForm();
    var query = queryOf(state);
    if (query !== window.location.search) {
      window.history.pushState(null, "", window.location.pathname + query);
    }
    render(state);
    keepInLanguageLinks(query);
    if (moveFocus && !answer.hidden) {
      title.focus();
    }
  }

  form.addEventListener("change", function () {
    choose(false);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    choose(true);
  });
  window.addEventListener("popstate", function () {
    show(stateFrom(new URLSearchParams(window.location.search)));
  });
  form.classList.add("chooser-live");
  show(stateFrom(new URLSearchParams(window.location.search)));
})();
