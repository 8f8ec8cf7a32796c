/* charset.c - finds the charset a body declares and decodes the body to
 * UTF-8 with glibc's iconv.  Labels are read as the WHATWG Encoding
 * standard reads them, as browsers do: ISO-8859-1 and US-ASCII mean
 * windows-1252, GB2312 means GBK, Shift_JIS means windows-31J. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "utf8.h"
#include "xalloc.h"

#define META_SCAN	1024	/* bytes of HTML searched for <meta> */

/* A WHATWG label and the iconv name of its encoding. */
static const struct {
	const char	*label;
	const char	*iconv;
} labels[] = {
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" },
	{ "unicode-1-1-utf-8", "UTF-8" }, { "unicode11utf8", "UTF-8" },
	{ "unicode20utf8", "UTF-8" }, { "x-unicode20utf8", "UTF-8" },
	{ "ansi_x3.4-1968", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
	{ "cp1252", "WINDOWS-1252" }, { "cp819", "WINDOWS-1252" },
	{ "csisolatin1", "WINDOWS-1252" }, { "ibm819", "WINDOWS-1252" },
	{ "iso-8859-1", "WINDOWS-1252" }, { "iso-ir-100", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" }, { "iso88591", "WINDOWS-1252" },
	{ "iso_8859-1", "WINDOWS-1252" }, { "iso_8859-1:1987", "WINDOWS-1252" },
	{ "l1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
	{ "us-ascii", "WINDOWS-1252" }, { "windows-1252", "WINDOWS-1252" },
	{ "x-cp1252", "WINDOWS-1252" },
	{ "chinese", "GBK" }, { "csgb2312", "GBK" }, { "csiso58gb231280", "GBK" },
	{ "gb2312", "GBK" }, { "gb_2312", "GBK" }, { "gb_2312-80", "GBK" },
	{ "gbk", "GBK" }, { "iso-ir-58", "GBK" }, { "x-gbk", "GBK" },
	{ "gb18030", "GB18030" },
	{ "csshiftjis", "WINDOWS-31J" }, { "ms932", "WINDOWS-31J" },
	{ "ms_kanji", "WINDOWS-31J" }, { "shift-jis", "WINDOWS-31J" },
	{ "shift_jis", "WINDOWS-31J" }, { "sjis", "WINDOWS-31J" },
	{ "windows-31j", "WINDOWS-31J" }, { "x-sjis", "WINDOWS-31J" },
	{ "cseuckr", "CP949" }, { "csksc56011987", "CP949" },
	{ "euc-kr", "CP949" }, { "iso-ir-149", "CP949" }, { "korean", "CP949" },
	{ "ks_c_5601-1987", "CP949" }, { "ks_c_5601-1989", "CP949" },
	{ "ksc5601", "CP949" }, { "ksc_5601", "CP949" },
	{ "windows-949", "CP949" },
	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" },
	{ "cn-big5", "BIG5-HKSCS" }, { "csbig5", "BIG5-HKSCS" },
	{ "x-x-big5", "BIG5-HKSCS" },
	{ "utf-16", "UTF-16LE" }, { "utf-16le", "UTF-16LE" },
	{ "unicode", "UTF-16LE" }, { "ucs-2", "UTF-16LE" },
	{ "utf-16be", "UTF-16BE" }, { "unicodefffe", "UTF-16BE" },
};

/* The iconv name for a label: the WHATWG one, else the label itself. */
static const char *
iconv_name(const char *label)
{
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcasecmp(label, labels[i].label) == 0)
			return labels[i].iconv;
	return label;
}

int
charset_is_utf8(const char *label)
{
	return strcmp(iconv_name(label), "UTF-8") == 0;
}

/* Copies a label of printable ASCII from p (up to a delimiter). */
static int
take_label(const char *p, const char *end, struct body_charset *cs,
    const char *source)
{
	size_t n = 0;

	if (p < end && (*p == '"' || *p == '\''))
		p++;
	while (p + n < end && n < sizeof(cs->label) - 1 &&
	    (isalnum((unsigned char)p[n]) || strchr("-_.:()+", p[n])))
		n++;
	if (n == 0)
		return -1;
	memcpy(cs->label, p, n);
	cs->label[n] = '\0';
	cs->source = source;
	return 0;
}

/* charset= among Content-Type's parameters. */
static int
from_content_type(const char *ct, struct body_charset *cs)
{
	const char *p = ct ? strchr(ct, ';') : NULL, *end;

	while (p != NULL) {
		p++;
		p += strspn(p, " \t");
		end = p + strcspn(p, ";");
		if (strncasecmp(p, "charset", 7) == 0 && p[7 + strspn(p + 7,
		    " \t")] == '=') {
			p += 7 + strspn(p + 7, " \t") + 1;
			p += strspn(p, " \t");
			return take_label(p, end, cs, "Content-Type");
		}
		p = *end ? end : NULL;
	}
	return -1;
}

static int
from_bom(const unsigned char *b, size_t len, struct body_charset *cs)
{
	const char *l = NULL;

	if (len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		l = "UTF-8";
	else if (len >= 2 && b[0] == 0xfe && b[1] == 0xff)
		l = "UTF-16BE";
	else if (len >= 2 && b[0] == 0xff && b[1] == 0xfe)
		l = "UTF-16LE";
	if (l == NULL)
		return -1;
	snprintf(cs->label, sizeof(cs->label), "%s", l);
	cs->source = "a byte order mark";
	return 0;
}

/* Where `attr` and then '=' follow in [p, end), the value after them. */
static const char *
after_attr(const char *p, const char *end, const char *attr)
{
	size_t n = strlen(attr);
	const char *q;

	for (; p + n < end; p++) {
		if (strncasecmp(p, attr, n) != 0)
			continue;
		for (q = p + n; q < end && isspace((unsigned char)*q); q++)
			;
		if (q < end && *q == '=') {
			for (q++; q < end && isspace((unsigned char)*q); q++)
				;
			return q;
		}
	}
	return NULL;
}

/* <?xml version="1.0" encoding="ISO-8859-1"?> */
static int
from_xml_decl(const char *b, size_t len, struct body_charset *cs)
{
	const char *end, *v;

	if (len < 6 || strncmp(b, "<?xml", 5) != 0 ||
	    !isspace((unsigned char)b[5]))
		return -1;
	if ((end = memmem(b, len < 256 ? len : 256, "?>", 2)) == NULL ||
	    (v = after_attr(b + 5, end, "encoding")) == NULL)
		return -1;
	return take_label(v, end, cs, "the XML declaration");
}

/* <meta charset="x"> or <meta http-equiv=… content="…; charset=x">. */
static int
from_meta(const char *b, size_t len, struct body_charset *cs)
{
	const char *p = b, *end = b + (len < META_SCAN ? len : META_SCAN), *gt,
	    *v;

	while ((p = memmem(p, (size_t)(end - p), "<", 1)) != NULL) {
		p++;
		if (end - p < 5 || strncasecmp(p, "meta", 4) != 0 ||
		    !(isspace((unsigned char)p[4]) || p[4] == '/'))
			continue;
		if ((gt = memchr(p, '>', (size_t)(end - p))) == NULL)
			return -1;
		if ((v = after_attr(p + 4, gt, "charset")) != NULL)
			return take_label(v, gt, cs, "a <meta> tag");
		p = gt;
	}
	return -1;
}

int
charset_find(const char *content_type, const char *body, size_t len,
    struct body_charset *cs)
{
	memset(cs, 0, sizeof(*cs));
	if (from_content_type(content_type, cs) == 0 ||
	    from_bom((const unsigned char *)body, len, cs) == 0 ||
	    from_xml_decl(body, len, cs) == 0)
		return 0;
	if ((content_type == NULL || strcasestr(content_type, "html") != NULL) &&
	    from_meta(body, len, cs) == 0)
		return 0;
	return -1;
}

static char *
utf8_copy(const struct body_charset *cs, const char *body, size_t len,
    int cut, size_t *out_len, char *err, size_t errlen)
{
	const unsigned char *s = (const unsigned char *)body;
	size_t i, k;
	uint32_t cp;

	for (i = 0; i < len; i += k)
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0) {
			if (cut && len - i < 4)
				break;
			snprintf(err, errlen, "the body is not valid %s (its charset, "
			    "from %s): byte 0x%02X at offset %zu is not UTF-8",
			    cs->label, cs->source, s[i], i);
			return NULL;
		}
	*out_len = i;
	return xstrndup(body, i);
}

char *
charset_decode(const struct body_charset *cs, const char *body, size_t len,
    int cut, size_t *out_len, char *err, size_t errlen)
{
	const char *name = iconv_name(cs->label);
	size_t cap = len * 3 + 16, inleft = len, outleft, at;
	char *out, *in = (char *)body, *op;
	iconv_t cd;

	if (strcmp(name, "UTF-8") == 0)
		return utf8_copy(cs, body, len, cut, out_len, err, errlen);
	if (strcmp(name, "UTF-16LE") == 0 && len >= 2 &&
	    (unsigned char)body[0] == 0xfe && (unsigned char)body[1] == 0xff)
		name = "UTF-16BE";
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1) {
		snprintf(err, errlen, "the body's charset '%s' (from %s) is not "
		    "one shakedown knows: it cannot be decoded", cs->label, cs->source);
		return NULL;
	}
	out = xmalloc(cap);
	op = out;
	outleft = cap - 1;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &op, &outleft) != (size_t)-1)
			break;
		at = (size_t)(in - body);
		if (errno == E2BIG) {
			size_t used = (size_t)(op - out);

			cap *= 2;
			out = xrealloc(out, cap);
			op = out + used;
			outleft = cap - 1 - used;
			continue;
		}
		/* windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined;
		 * WHATWG maps them to the C1 controls of the same value. */
		if (errno == EILSEQ && strcmp(name, "WINDOWS-1252") == 0 &&
		    outleft >= 2) {
			*op++ = (char)0xc2;
			*op++ = *in++;
			outleft -= 2;
			inleft--;
			continue;
		}
		if (errno == EINVAL && cut)
			break;
		if (errno == EINVAL)
			snprintf(err, errlen, "the body is not valid %s (its charset, "
			    "from %s): it ends inside a character, at offset %zu", cs->label, cs->source, at);
		else
			snprintf(err, errlen, "the body is not valid %s (its charset, "
			    "from %s): byte 0x%02X at offset %zu cannot be "
			    "decoded", cs->label, cs->source,
			    (unsigned char)body[at], at);
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	*out_len = (size_t)(op - out);
	return out;
}
