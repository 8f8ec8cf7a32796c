/* step_press.c - `press: KEY` or { key: KEY, selector: SEL }: a key (or a
 * chord, "Control+A", "Shift+Tab") pressed and released
 * (Input.dispatchKeyEvent) on the focused element, or on SEL's element
 * focused first; printable keys type their text. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/expand.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"
#include "browser_impl.h"
#include "browser_steps.h"

struct press {
	char	*key;		/* template */
	char	*sel;		/* template, or NULL: the focused element */
};

struct keydef {
	const char	*name;
	const char	*key;
	const char	*code;
	int		 vk;		/* windowsVirtualKeyCode */
	const char	*text;		/* NULL: none */
	int		 modifier;	/* its bit in `modifiers`, or 0 */
};

static const struct keydef keys[] = {
	{ "Enter", "Enter", "Enter", 13, "\r", 0 },
	{ "Tab", "Tab", "Tab", 9, NULL, 0 },
	{ "Escape", "Escape", "Escape", 27, NULL, 0 },
	{ "Backspace", "Backspace", "Backspace", 8, NULL, 0 },
	{ "Delete", "Delete", "Delete", 46, NULL, 0 },
	{ "ArrowUp", "ArrowUp", "ArrowUp", 38, NULL, 0 },
	{ "ArrowDown", "ArrowDown", "ArrowDown", 40, NULL, 0 },
	{ "ArrowLeft", "ArrowLeft", "ArrowLeft", 37, NULL, 0 },
	{ "ArrowRight", "ArrowRight", "ArrowRight", 39, NULL, 0 },
	{ "Home", "Home", "Home", 36, NULL, 0 },
	{ "End", "End", "End", 35, NULL, 0 },
	{ "PageUp", "PageUp", "PageUp", 33, NULL, 0 },
	{ "PageDown", "PageDown", "PageDown", 34, NULL, 0 },
	{ "Space", " ", "Space", 32, " ", 0 },
	{ "Shift", "Shift", "ShiftLeft", 16, NULL, 8 },
	{ "Control", "Control", "ControlLeft", 17, NULL, 2 },
	{ "Alt", "Alt", "AltLeft", 18, NULL, 1 },
	{ "Meta", "Meta", "MetaLeft", 91, NULL, 4 },
};
#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

/* One key of a chord resolved: a table entry, or a character. */
struct keyev {
	char	 key[8];
	char	 code[16];
	char	 text[8];
	int	 vk;
	int	 modifier;
};

static int
key_lookup(const char *name, size_t len, struct keyev *k)
{
	size_t i;
	unsigned char c;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < NKEYS; i++)
		if (strlen(keys[i].name) == len &&
		    strncmp(keys[i].name, name, len) == 0) {
			snprintf(k->key, sizeof(k->key), "%s", keys[i].key);
			snprintf(k->code, sizeof(k->code), "%s", keys[i].code);
			snprintf(k->text, sizeof(k->text), "%s",
			    keys[i].text ? keys[i].text : "");
			k->vk = keys[i].vk;
			k->modifier = keys[i].modifier;
			return 0;
		}
	if (len != 1 || !isprint((unsigned char)name[0]))
		return -1;
	c = (unsigned char)name[0];
	k->key[0] = k->text[0] = (char)c;
	if (isalpha(c)) {
		snprintf(k->code, sizeof(k->code), "Key%c", toupper(c));
		k->vk = toupper(c);
	} else if (isdigit(c)) {
		snprintf(k->code, sizeof(k->code), "Digit%c", c);
		k->vk = c;
	} else if (c == ' ') {
		snprintf(k->code, sizeof(k->code), "Space");
		k->vk = 32;
	}
	return 0;
}

/* "Control+Shift+A" into evs (modifiers first, the key last); returns the
 * count, or -1 with the faulty part in why. */
static int
chord_parse(const char *s, struct keyev *evs, int max, struct buf *why)
{
	const char *p = s, *plus;
	size_t len;
	int n = 0;

	if (*s == '\0') {
		buf_adds(why, "an empty key");
		return -1;
	}
	for (;;) {
		/* "+" alone, or a trailing "++": the plus key. */
		plus = strchr(p + (*p == '+' ? 1 : 0), '+');
		len = plus ? (size_t)(plus - p) : strlen(p);
		if (n == max || key_lookup(p, len, &evs[n]) == -1) {
			const char *names[NKEYS];
			const char *near;
			char *word = xstrndup(p, len);
			size_t i;

			for (i = 0; i < NKEYS; i++)
				names[i] = keys[i].name;
			near = suggest(word, names, NKEYS);
			buf_addf(why, "unknown key '%s'", word);
			if (near != NULL)
				buf_addf(why, " (did you mean '%s'?)", near);
			else
				buf_adds(why, " (a character, or one of Enter, "
				    "Tab, Escape, Backspace, Delete, ArrowUp, "
				    "ArrowDown, ArrowLeft, ArrowRight, Home, End, "
				    "PageUp, PageDown, Space, with Shift+, "
				    "Control+, Alt+, Meta+)");
			free(word);
			return -1;
		}
		n++;
		if (plus == NULL)
			break;
		if (evs[n - 1].modifier == 0) {
			buf_addf(why, "'%.*s' is not a modifier (Shift, Control, "
			    "Alt, Meta)", (int)len, p);
			return -1;
		}
		p = plus + 1;
	}
	return n;
}

static void
press_free(void *arg)
{
	struct press *k = arg;

	if (k == NULL)
		return;
	free(k->key);
	free(k->sel);
	free(k);
}

static int
press_compile(struct spec_ctx *ctx, const json_t *step, const json_t *v,
    void **arg)
{
	static const char *const allowed[] = { "key", "selector" };
	struct press *k = xcalloc(1, sizeof(*k));
	struct keyev evs[5];
	struct buf why = BUF_INIT;
	struct srcpos pos = spec_valpos(ctx, step, "press");

	if (json_is_object(v)) {
		if (spec_keys(ctx, v, "press", allowed, 2) > 0)
			goto fail;
		if (json_object_get(v, "key") == NULL) {
			spec_error(ctx, pos, "press needs 'key'");
			goto fail;
		}
		pos = spec_valpos(ctx, v, "key");
		if ((k->key = spec_string(ctx, json_object_get(v, "key"), pos,
		    "key", 1)) == NULL)
			goto fail;
		if (json_object_get(v, "selector") != NULL &&
		    (k->sel = step_selector(ctx, json_object_get(v, "selector"),
		    spec_valpos(ctx, v, "selector"), "selector")) == NULL)
			goto fail;
	} else if ((k->key = spec_string(ctx, v, pos, "press", 1)) == NULL)
		goto fail;
	if (!expand_has_vars(k->key) && chord_parse(k->key, evs, 5, &why) == -1) {
		spec_error(ctx, pos, "%s", buf_str(&why));
		goto fail;
	}
	buf_release(&why);
	*arg = k;
	return 0;
fail:
	buf_release(&why);
	press_free(k);
	return -1;
}

static int
key_event(struct page *p, const char *type, const struct keyev *k,
    int modifiers, int with_text, double deadline, struct buf *why)
{
	json_t *ev = json_pack("{s:s, s:i, s:s, s:s, s:i, s:i}", "type", type,
	    "modifiers", modifiers, "key", k->key, "code", k->code,
	    "windowsVirtualKeyCode", k->vk, "nativeVirtualKeyCode", k->vk);
	int r;

	if (with_text) {
		json_object_set_new(ev, "text", json_string(k->text));
		json_object_set_new(ev, "unmodifiedText", json_string(k->text));
	}
	r = page_call(p, "Input.dispatchKeyEvent", ev, deadline + 5, NULL, why);
	return r == 0 ? 0 : r == -2 ? -3 : -1;
}

static int
press_run(struct page *p, const void *arg, const json_t *vars,
    double deadline, long timeout_ms, struct buf *why)
{
	const struct press *k = arg;
	struct keyev evs[5], *key;
	char *chord, *sel;
	double x, y;
	int n, i, mods = 0, text, r;

	if ((chord = step_expand(k->key, vars, why)) == NULL)
		return -1;
	n = chord_parse(chord, evs, 5, why);
	free(chord);
	if (n == -1)
		return -1;
	if (k->sel != NULL) {
		if ((sel = step_expand(k->sel, vars, why)) == NULL)
			return -1;
		r = page_ready(p, sel, "focus", deadline, timeout_ms, &x, &y, why);
		free(sel);
		if (r != 0)
			return r;
	}
	key = &evs[n - 1];
	for (i = 0; i < n - 1; i++) {
		mods |= evs[i].modifier;
		if ((r = key_event(p, "rawKeyDown", &evs[i], mods, 0, deadline,
		    why)) != 0)
			return r;
	}
	if (mods & 8 && strlen(key->key) == 1 && islower((unsigned char)key->key[0]))
		key->key[0] = key->text[0] = (char)toupper((unsigned char)key->key[0]);
	/* Text only when no Control, Alt or Meta is held: a shortcut types
	 * nothing. */
	text = key->text[0] != '\0' && (mods & 7) == 0;
	if ((r = key_event(p, text ? "keyDown" : "rawKeyDown", key,
	    mods | key->modifier, text, deadline, why)) != 0 ||
	    (r = key_event(p, "keyUp", key, mods, 0, deadline, why)) != 0)
		return r;
	for (i = n - 2; i >= 0; i--) {
		mods &= ~evs[i].modifier;
		if ((r = key_event(p, "keyUp", &evs[i], mods, 0, deadline,
		    why)) != 0)
			return r;
	}
	return page_settle(p, deadline, why);
}

static void
press_describe(const void *arg, const json_t *vars, struct buf *out)
{
	const struct press *k = arg;
	char *s = step_expand_quiet(k->key, vars), *sel;

	buf_adds(out, "press ");
	step_quote(out, s);
	free(s);
	if (k->sel != NULL) {
		sel = step_expand_quiet(k->sel, vars);
		buf_adds(out, " in ");
		step_quote(out, sel);
		free(sel);
	}
}

const struct browser_step_kind step_press = {
	.key = "press",
	.compile = press_compile,
	.run = press_run,
	.free = press_free,
	.describe = press_describe,
};
