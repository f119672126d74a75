// Regio Agenda: the rich-text editor of every long text (Tiptap, bundled by `make assets`).
//
// Progressive enhancement: the form field stays a <textarea> marked by core/widgets.py
// (data-richtext); this script hides it, puts a toolbar and an editable area in front of it and
// writes the HTML back on every change, so plain and htmx submits send it as before.
// The toolbar's labels, the allowed tags and link schemes come from the server (the sanitiser's
// allowlist in core/html.py), so the editor offers nothing the server would drop.
// CSP: no <style> element (injectCSS: false; the rules live in editor.css) and no style attribute.
import { Editor } from "@tiptap/core";
import { ListItem } from "@tiptap/extension-list";
import StarterKit from "@tiptap/starter-kit";

const editors = new Map(); // textarea → Editor

function textToHtml(text) {
  // A value typed without the editor (or before it loaded) is plain text: keep its paragraphs.
  if (/<(p|ul|ol|br)[\s>/]/i.test(text)) { return text; }
  const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
    .map((p) => "<p>" + escape(p).replace(/\n/g, "<br>") + "</p>").join("");
}

function allowedUrl(url, schemes) {
  try {
    const parsed = new URL(url);
    return schemes.includes(parsed.protocol.replace(/:$/, ""));
  } catch (error) {
    return false;
  }
}

function extensions(tags, schemes) {
  const has = (tag) => tags.includes(tag);
  const headings = [2, 3].filter((level) => has("h" + level));
  const lists = has("li") && (has("ul") || has("ol"));
  return [StarterKit.configure({
    // Only what the sanitiser keeps; the schema then also drops anything else that is pasted.
    bold: has("strong") ? {} : false,
    italic: has("em") ? {} : false,
    bulletList: has("ul") ? {} : false,
    orderedList: has("ol") ? {} : false,
    listItem: false, // our own below
    listKeymap: lists ? {} : false,
    hardBreak: has("br") ? {} : false,
    heading: headings.length ? { levels: headings } : false,
    blockquote: has("blockquote") ? {} : false,
    link: has("a") ? {
      openOnClick: false,
      autolink: true,
      defaultProtocol: "https",
      protocols: schemes,
      // The server keeps only href (and adds its own rel), so the editor writes nothing else.
      HTMLAttributes: { target: null, rel: null, class: null },
      isAllowedUri: (url) => allowedUrl(url, schemes),
    } : false,
    code: false,
    codeBlock: false,
    strike: false,
    underline: false,
    horizontalRule: false,
    // The trailing node would add an empty paragraph after every final list.
    trailingNode: false,
  }), ...(lists ? [ListItemWithoutTab] : [])];
}

// Tab must leave the editor (no keyboard trap, WCAG 2.1.2), so a list item is indented with
// Ctrl+] and outdented with Ctrl+[ instead of Tab and Shift+Tab.
const ListItemWithoutTab = ListItem.extend({
  addKeyboardShortcuts() {
    return {
      Enter: () => this.editor.commands.splitListItem(this.name),
      "Mod-]": () => this.editor.commands.sinkListItem(this.name),
      "Mod-[": () => this.editor.commands.liftListItem(this.name),
    };
  },
});

// Toolbar buttons: [name (also the label's key), a toggle?, command, the tag it needs, is it on?]
const BUTTONS = [
  ["bold", true, (c) => c.toggleBold(), "strong", (e) => e.isActive("bold")],
  ["italic", true, (c) => c.toggleItalic(), "em", (e) => e.isActive("italic")],
  ["heading2", true, (c) => c.toggleHeading({ level: 2 }), "h2", (e) => e.isActive("heading", { level: 2 })],
  ["heading3", true, (c) => c.toggleHeading({ level: 3 }), "h3", (e) => e.isActive("heading", { level: 3 })],
  ["bulletList", true, (c) => c.toggleBulletList(), "ul", (e) => e.isActive("bulletList")],
  ["orderedList", true, (c) => c.toggleOrderedList(), "ol", (e) => e.isActive("orderedList")],
  ["link", true, null, "a", (e) => e.isActive("link")],
  ["undo", false, (c) => c.undo(), null, null],
  ["redo", false, (c) => c.redo(), null, null],
];

function editLink(editor, labels, schemes) {
  const current = editor.getAttributes("link").href || "";
  const answer = window.prompt(labels.linkPrompt, current || "https://");
  if (answer === null) { editor.commands.focus(); return; }
  const url = answer.trim();
  if (!url || url === "https://") {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    return;
  }
  if (!allowedUrl(url, schemes)) {
    window.alert(labels.linkInvalid);
    editor.commands.focus();
    return;
  }
  if (editor.state.selection.empty && !editor.isActive("link")) {
    // Nothing selected: the address becomes the link's text.
    editor.chain().focus().insertContent({ type: "text", text: url, marks: [{ type: "link", attrs: { href: url } }] }).run();
  } else {
    editor.chain().focus().extendMarkRange("link").setLink({ href: url }).run();
  }
}

function buildToolbar(editor, labels, tags, schemes) {
  const toolbar = document.createElement("div");
  toolbar.className = "richtext__toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", labels.toolbar);
  const buttons = [];
  for (const [name, toggle, command, tag, active] of BUTTONS) {
    if (tag && !tags.includes(tag)) { continue; }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "richtext__button richtext__button--" + name;
    button.textContent = labels[name];
    button.tabIndex = buttons.length ? -1 : 0;
    if (toggle) { button.setAttribute("aria-pressed", "false"); }
    // Keep the text selection: a mouse click would move focus to the button first.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-disabled") === "true") { return; }
      if (name === "link") { editLink(editor, labels, schemes); return; }
      command(editor.chain().focus()).run();
    });
    button.richtextState = () => {
      if (active) { button.setAttribute("aria-pressed", String(active(editor))); }
      if (name === "undo" || name === "redo") {
        const possible = name === "undo" ? editor.can().undo() : editor.can().redo();
        button.setAttribute("aria-disabled", String(!possible));
      }
    };
    buttons.push(button);
    toolbar.append(button);
  }
  // One tab stop for the whole toolbar; arrow keys, Home and End move within it (WAI-ARIA APG).
  toolbar.addEventListener("keydown", (event) => {
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) { return; }
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 };
    if (!(event.key in moves)) { return; }
    event.preventDefault();
    const next = (moves[event.key] + buttons.length) % buttons.length;
    buttons[index].tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
  });
  toolbar.addEventListener("focusin", (event) => {
    if (!buttons.includes(event.target)) { return; }
    for (const button of buttons) { button.tabIndex = button === event.target ? 0 : -1; }
  });
  const refresh = () => buttons.forEach((button) => button.richtextState());
  return { toolbar, refresh };
}

function labelFor(textarea) {
  const label = textarea.id && document.querySelector('label[for="' + CSS.escape(textarea.id) + '"]');
  if (!label) { return null; }
  if (!label.id) { label.id = textarea.id + "-label"; }
  return label;
}

function setUp(textarea) {
  if (editors.has(textarea)) { return; }
  // A copy of an earlier editor's markup (htmx history) is dead: replace it.
  const previous = textarea.previousElementSibling;
  if (previous && previous.classList.contains("richtext")) { previous.remove(); }

  const labels = JSON.parse(textarea.dataset.richtextLabels || "{}");
  const tags = (textarea.dataset.richtextTags || "").split(/\s+/).filter(Boolean);
  const schemes = (textarea.dataset.richtextSchemes || "").split(/\s+/).filter(Boolean);
  const label = labelFor(textarea);

  const wrapper = document.createElement("div");
  wrapper.className = "richtext";
  if (textarea.getAttribute("aria-invalid") === "true") { wrapper.classList.add("richtext--error"); }
  const area = document.createElement("div");
  area.className = "richtext__area";
  // CSSOM, not a style attribute, so the CSP allows it: as tall as the textarea's rows.
  area.style.minHeight = (Number(textarea.getAttribute("rows")) || 5) * 1.5 + "em";

  const attributes = {
    class: "richtext__content kern-body",
    role: "textbox",
    "aria-multiline": "true",
  };
  if (label) { attributes["aria-labelledby"] = label.id; }
  for (const name of ["aria-describedby", "aria-invalid", "aria-required"]) {
    if (textarea.hasAttribute(name)) { attributes[name] = textarea.getAttribute(name); }
  }
  if (textarea.required) { attributes["aria-required"] = "true"; }

  const sync = (editor) => { textarea.value = editor.isEmpty ? "" : editor.getHTML(); };
  let refresh = () => {};
  const editor = new Editor({
    element: area,
    extensions: extensions(tags, schemes),
    content: textToHtml(textarea.value),
    injectCSS: false,
    editorProps: { attributes },
    onUpdate: ({ editor }) => sync(editor),
    onTransaction: () => refresh(),
  });
  const built = buildToolbar(editor, labels, tags, schemes);
  refresh = built.refresh;
  refresh();
  sync(editor);

  wrapper.append(built.toolbar, area);
  textarea.before(wrapper);
  textarea.hidden = true;
  if (label) {
    // The label points at the hidden textarea; a click on it should reach the editor.
    label.addEventListener("click", (event) => { event.preventDefault(); editor.commands.focus(); });
  }
  // Clicks on the empty space below the text still place the cursor.
  area.addEventListener("mousedown", (event) => {
    if (event.target === area) { event.preventDefault(); editor.commands.focus("end"); }
  });
  editors.set(textarea, editor);
}

function setUpAll(root) {
  const scope = root && root.querySelectorAll ? root : document;
  if (scope.matches && scope.matches("textarea[data-richtext]")) { setUp(scope); }
  scope.querySelectorAll("textarea[data-richtext]").forEach(setUp);
  // Editors whose form htmx swapped away are destroyed, so nothing keeps them alive.
  for (const [textarea, editor] of editors) {
    if (!textarea.isConnected) { editor.destroy(); editors.delete(textarea); }
  }
}

// htmx:load fires for the page and for every piece of content htmx inserts (forum replies).
document.addEventListener("htmx:load", (event) => setUpAll(event.target));
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => setUpAll(document));
} else {
  setUpAll(document);
}
