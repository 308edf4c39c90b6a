/*
 * html_charset.c - a page's bytes to UTF-8.
 *
 * The encoding is found the way browsers find it when there is no HTTP
 * header: a byte order mark, else a <meta charset=...> or
 * <meta http-equiv="Content-Type" content="...; charset=..."> (or an XML
 * declaration) in the first 4 KB, read by a small tolerant scanner that
 * skips comments.  Labels are mapped as the WHATWG Encoding Standard maps
 * them (latin1, iso-8859-1 and us-ascii all mean windows-1252), and glibc's
 * iconv does the conversion.
 *
 * Saved pages are often re-encoded after their <meta> was written, so a
 * page whose bytes are valid UTF-8 with at least one multi-byte sequence is
 * read as UTF-8 whatever it declares: legacy text is practically never
 * valid UTF-8 by accident.  A page that declares nothing and is not valid
 * UTF-8 is windows-1252, the commonest legacy encoding on the web.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "util.h"

#define SNIFF_BYTES 4096

/* 0: not valid UTF-8; 1: ASCII only; 2: valid with multi-byte sequences. */
static int utf8_validity(const unsigned char *s, size_t n)
{
	int multi = 0;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k;
		unsigned min;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F, min = 0x80;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07, min = 0x10000;
		else
			return 0;
		if (n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		multi = 1;
		i += k + 1;
	}
	return multi ? 2 : 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Case-insensitive search for needle in s[0, n). */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (strncasecmp(s + i, needle, m) == 0)
			return s + i;
	return NULL;
}

/* The label after "charset=" in a Content-Type value, into label[cap]. */
static int charset_from_content(const char *v, size_t n, char *label, size_t cap)
{
	const char *p = find_ci(v, n, "charset");
	if (!p)
		return 0;
	const char *end = v + n;
	p += 7;
	while (p < end && is_space(*p))
		p++;
	if (p >= end || *p != '=')
		return 0;
	p++;
	while (p < end && is_space(*p))
		p++;
	if (p < end && (*p == '"' || *p == '\''))
		p++;
	size_t k = 0;
	while (p < end && !is_space(*p) && *p != ';' && *p != '"' && *p != '\'' &&
	       k + 1 < cap)
		label[k++] = *p++;
	label[k] = '\0';
	return k > 0;
}

/* One attribute of the tag at *pp (up to end): name and value spans.
 * Returns 0 at the tag's end. */
static int next_attr(const char **pp, const char *end, const char **name,
		     size_t *name_len, const char **val, size_t *val_len)
{
	const char *p = *pp;
	while (p < end && (is_space(*p) || *p == '/'))
		p++;
	if (p >= end || *p == '>')
		return 0;
	*name = p;
	while (p < end && !is_space(*p) && *p != '=' && *p != '>' &&
	       (p == *name || *p != '/'))
		p++;
	*name_len = (size_t)(p - *name);
	while (p < end && is_space(*p))
		p++;
	*val = p;
	*val_len = 0;
	if (p < end && *p == '=') {
		p++;
		while (p < end && is_space(*p))
			p++;
		if (p < end && (*p == '"' || *p == '\'')) {
			char q = *p++;
			*val = p;
			while (p < end && *p != q)
				p++;
			*val_len = (size_t)(p - *val);
			if (p < end)
				p++;
		} else {
			*val = p;
			while (p < end && !is_space(*p) && *p != '>')
				p++;
			*val_len = (size_t)(p - *val);
		}
	}
	*pp = p;
	return 1;
}

/* The encoding label a <meta> or XML declaration in s[0, n) states, into
 * label[cap]; 0 when none. */
static int sniff_label(const char *s, size_t n, char *label, size_t cap)
{
	const char *end = s + n;
	if (n >= 5 && strncmp(s, "<?xml", 5) == 0) {
		const char *q = memchr(s, '>', n);
		const char *e = q ? find_ci(s, (size_t)(q - s), "encoding") : NULL;
		if (e) {
			e += 8;
			while (e < q && (is_space(*e) || *e == '='))
				e++;
			if (e < q && (*e == '"' || *e == '\''))
				e++;
			size_t k = 0;
			while (e < q && *e != '"' && *e != '\'' && !is_space(*e) &&
			       k + 1 < cap)
				label[k++] = *e++;
			label[k] = '\0';
			if (k)
				return 1;
		}
	}
	for (const char *p = s; p < end;) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt)
			break;
		if (end - lt >= 4 && strncmp(lt, "<!--", 4) == 0) {
			const char *c = find_ci(lt + 4, (size_t)(end - lt - 4), "-->");
			if (!c)
				break;
			p = c + 3;
			continue;
		}
		if (end - lt < 6 || strncasecmp(lt, "<meta", 5) != 0 ||
		    !(is_space(lt[5]) || lt[5] == '/')) {
			p = lt + 1;
			continue;
		}
		const char *q = lt + 5, *name, *val;
		size_t nl, vl;
		int pragma = 0, got = 0;
		char content_label[64];
		content_label[0] = '\0';
		while (next_attr(&q, end, &name, &nl, &val, &vl)) {
			if (nl == 7 && strncasecmp(name, "charset", 7) == 0 && vl) {
				size_t k = 0;
				while (k < vl && k + 1 < cap && !is_space(val[k]))
					label[k] = val[k], k++;
				label[k] = '\0';
				if (k)
					return 1;
			} else if (nl == 10 && strncasecmp(name, "http-equiv", 10) == 0) {
				pragma = vl == 12 && strncasecmp(val, "content-type", 12) == 0;
			} else if (nl == 7 && strncasecmp(name, "content", 7) == 0) {
				got = charset_from_content(val, vl, content_label,
							   sizeof content_label);
			}
		}
		if (pragma && got) {
			snprintf(label, cap, "%s", content_label);
			return 1;
		}
		p = q;
	}
	return 0;
}

/* The iconv name for a WHATWG label, or NULL for UTF-8 (and for the UTF-16
 * labels, which a <meta> cannot truthfully state: the page would not be
 * readable as ASCII to find it). */
static const char *iconv_name(const char *label)
{
	static const struct {
		const char *label, *name;
	} aliases[] = {
		{"utf-8", NULL}, {"utf8", NULL}, {"unicode-1-1-utf-8", NULL},
		{"utf-16", NULL}, {"utf-16le", NULL}, {"utf-16be", NULL},
		{"unicode", NULL}, {"ucs-2", NULL},
		{"iso-8859-1", "CP1252"}, {"iso8859-1", "CP1252"},
		{"iso_8859-1", "CP1252"}, {"latin1", "CP1252"}, {"l1", "CP1252"},
		{"us-ascii", "CP1252"}, {"ascii", "CP1252"},
		{"ansi_x3.4-1968", "CP1252"}, {"cp819", "CP1252"},
		{"ibm819", "CP1252"}, {"iso-ir-100", "CP1252"},
		{"windows-1252", "CP1252"}, {"cp1252", "CP1252"},
		{"x-cp1252", "CP1252"},
		{"iso-8859-9", "CP1254"}, {"latin5", "CP1254"},
		{"iso-8859-11", "CP874"}, {"tis-620", "CP874"},
		{"windows-874", "CP874"},
		{"gb2312", "GBK"}, {"gb_2312-80", "GBK"}, {"x-gbk", "GBK"},
		{"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"},
		{"x-sjis", "SHIFT_JIS"}, {"shift-jis", "SHIFT_JIS"},
		{"ms932", "CP932"}, {"windows-31j", "CP932"},
		{"x-mac-roman", "MACINTOSH"}, {"mac", "MACINTOSH"},
	};
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcasecmp(label, aliases[i].label) == 0)
			return aliases[i].name;
	return label;
}

/* Converts with iconv; a byte the encoding cannot map becomes U+FFFD.
 * Returns -1 when iconv does not know the encoding or memory runs out. */
static int convert(const char *from, const char *buf, size_t len, wonk_buf *out)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -1;
	char chunk[16384];
	char *in = (char *)buf; /* iconv's prototype is not const-correct */
	size_t left = len;
	while (left > 0 && !out->failed) {
		char *o = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &in, &left, &o, &room);
		wonk_buf_append(out, chunk, (size_t)(o - chunk));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated at the end): one byte lost. */
		wonk_buf_append(out, "\xEF\xBF\xBD", 3);
		in++;
		left--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	return out->failed ? -1 : 0;
}

char *wonk_html_to_utf8(const char *buf, size_t len, size_t *out_len)
{
	const unsigned char *u = (const unsigned char *)buf;
	const char *enc = NULL;
	char label[64];

	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		buf += 3;
		len -= 3;
	} else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
				(u[0] == 0xFE && u[1] == 0xFF))) {
		enc = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		buf += 2;
		len -= 2;
	} else {
		int valid = utf8_validity(u, len);
		if (sniff_label(buf, len < SNIFF_BYTES ? len : SNIFF_BYTES, label,
				sizeof label))
			enc = iconv_name(label);
		if (valid == 2)
			enc = NULL;
		else if (!valid && !enc)
			enc = "CP1252";
	}

	wonk_buf out = {0};
	if (enc && convert(enc, buf, len, &out) < 0) {
		int failed = out.failed;
		wonk_buf_free(&out);
		if (failed)
			return NULL;
		/* An encoding iconv does not know: read as windows-1252 (or as
		 * UTF-8 when valid), like a browser's fallback. */
		enc = utf8_validity(u, len) ? NULL : "CP1252";
		if (enc && convert(enc, buf, len, &out) < 0) {
			wonk_buf_free(&out);
			return NULL;
		}
	}
	if (!enc) {
		wonk_buf_append(&out, buf, len);
		wonk_buf_append(&out, "", 0);
	}
	if (out.failed) {
		wonk_buf_free(&out);
		return NULL;
	}
	if (!out.data) /* empty input */
		wonk_buf_append(&out, "", 0);
	*out_len = out.len;
	return out.data;
}
