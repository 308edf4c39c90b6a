/*
 * passage.c - cutting a document's text into passages (see passage.h).
 *
 * This file owns the rules for what a passage is: paragraphs found at blank
 * lines, short paragraphs (headings, captions, bylines) carried forward to
 * the paragraph that follows, long paragraphs windowed by sentences, the
 * sentence-end and abbreviation rules, and a hard byte cap that holds
 * whatever the parameters say, so that a 50 MB line with no punctuation
 * still comes out as small passages.
 *
 * The text is read once for paragraphs and once more for sentences inside
 * paragraphs that must be split; every other look (the word before a period,
 * the space to cut at) is bounded, so the whole split is linear.  Paragraphs
 * are handed on as they are found, so memory is only the output plus the few
 * short paragraphs waiting to be joined.
 *
 * White space means the ASCII space, tab, newline, carriage return, vertical
 * tab and form feed; every other byte (NUL, invalid UTF-8, U+00A0) is text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "passage.h"

/* No passage is longer than this many bytes.  Ranking, snippets and the
 * stored passage records all assume passages are small, and max_words alone
 * cannot promise that (a "word" may be a megabyte of letters). */
#define PASSAGE_MAX_BYTES 8192

/* Short paragraphs waiting to join the next one span at most this many
 * bytes (blank lines between them included), so the passage they join still
 * has room under PASSAGE_MAX_BYTES for at least half its own text. */
#define PREFIX_MAX_BYTES (PASSAGE_MAX_BYTES / 2)

void wonk_passage_params_default(wonk_passage_params *p)
{
	if (!p)
		return;
	p->min_words = 20;
	p->max_words = 200;
	p->window_sentences = 3;
}

/* ------------------------------------------------------ byte classes */

/* The hot loops look bytes up in a table (several times faster here than
 * the comparisons), built at compile time from the same definitions the
 * cold paths use. */
enum { C_WORD = 1, C_SPACE = 2, C_END = 4 };

/* Bytes >= 0x80 count as letters so that words in any script, and invalid
 * UTF-8, are counted without Unicode tables; the analyzer does the real
 * tokenizing later, this only has to be cheap and consistent. */
#define WORD_BYTE(c)                                                        \
	(((c) >= '0' && (c) <= '9') || ((c) >= 'a' && (c) <= 'z') ||        \
	 ((c) >= 'A' && (c) <= 'Z') || (c) >= 0x80)
#define SPACE_BYTE(c)                                                       \
	((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' ||           \
	 (c) == '\v' || (c) == '\f')
#define END_BYTE(c) ((c) == '.' || (c) == '!' || (c) == '?')
#define CLASS(c)                                                            \
	((WORD_BYTE(c) ? C_WORD : 0) | (SPACE_BYTE(c) ? C_SPACE : 0) |      \
	 (END_BYTE(c) ? C_END : 0))
#define CLASS4(c) CLASS(c), CLASS((c) + 1), CLASS((c) + 2), CLASS((c) + 3)
#define CLASS16(c) CLASS4(c), CLASS4((c) + 4), CLASS4((c) + 8), CLASS4((c) + 12)
#define CLASS64(c)                                                          \
	CLASS16(c), CLASS16((c) + 16), CLASS16((c) + 32), CLASS16((c) + 48)

static const unsigned char byte_class[256] = {
	CLASS64(0), CLASS64(64), CLASS64(128), CLASS64(192),
};

static int is_space(unsigned char c)
{
	return byte_class[c] & C_SPACE;
}

static int is_word(unsigned char c)
{
	return byte_class[c] & C_WORD;
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Counts word starts in t[a, b): a word at t[a] counts even if one runs on
 * from before a. */
static size_t count_words(const unsigned char *t, size_t a, size_t b)
{
	size_t n = 0;
	unsigned prev = 0;

	for (size_t i = a; i < b; i++) {
		unsigned w = byte_class[t[i]] & C_WORD;
		n += w & ~prev;
		prev = w;
	}
	return n;
}

size_t wonk_count_words(const char *text, size_t len)
{
	return text ? count_words((const unsigned char *)text, 0, len) : 0;
}

/* --------------------------------------------------------- sentences */

/* Words that end with a period without ending the sentence.  The list is
 * short on purpose: each entry turns a false sentence end into a missed one
 * whenever the word really does end a sentence ("... on Main St. The ..."),
 * and windows only need sentence ends to be mostly right.  Matched exactly,
 * so "rep." and "gen." stay ordinary words. */
static const char *const abbreviations[] = {
	"Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Rev", "Hon", "St",
	"Gen", "Gov", "Sen", "Rep", "Lt", "Col", "Capt", "Jr", "Sr",
	"Inc", "Co", "Corp", "vs", "etc",
	"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
	"Oct", "Nov", "Dec",
};

/* Abbreviations only when a number follows ("No. 5", "Art. 2"): "No." and
 * "Art." end sentences too often to be taken as abbreviations elsewhere. */
static const char *const numbered_abbreviations[] = {
	"No", "Nos", "Art", "Sec", "Vol",
};

static int in_list(const char *const *list, size_t n, const unsigned char *w,
		   size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
			return 1;
	return 0;
}

/* Whether the period at t[dot] ends an abbreviation rather than a sentence
 * that started at t[from]; next is the first byte after the spaces that
 * follow.  Besides the lists: single capital initials ("John F. Kennedy")
 * and dotted forms whose parts have 1-3 letters ("U.S.", "e.g.", "a.m.",
 * "Ph.D."), at the price of not splitting "... the U.S. The ...". */
static int is_abbreviation(const unsigned char *t, size_t from, size_t dot,
			   unsigned char next)
{
	size_t j = dot;

	/* Bounded look back: abbreviations are short, and a long run of
	 * letters is an ordinary word. */
	while (j > from && dot - j < 12 &&
	       (is_alpha(t[j - 1]) || t[j - 1] == '.'))
		j--;
	if (j > from && is_word(t[j - 1]))
		return 0; /* "3rd.", "café.", or a word too long to matter */
	while (j < dot && t[j] == '.')
		j++;
	size_t len = dot - j;
	if (len == 0)
		return 0;
	if (memchr(t + j, '.', len)) {
		size_t part = 0;
		for (size_t i = j; i < dot; i++) {
			if (t[i] != '.') {
				if (++part > 3)
					return 0;
			} else if (part == 0) {
				return 0;
			} else {
				part = 0;
			}
		}
		return part > 0;
	}
	if (len == 1)
		return t[j] >= 'A' && t[j] <= 'Z';
	if (in_list(abbreviations, sizeof abbreviations / sizeof *abbreviations,
		    t + j, len))
		return 1;
	return next >= '0' && next <= '9' &&
	       in_list(numbered_abbreviations,
		       sizeof numbered_abbreviations /
			       sizeof *numbered_abbreviations,
		       t + j, len);
}

/* Skips the closing quotes and brackets that may follow a sentence's final
 * punctuation: " ' ) ] and the curly ’ ” (U+2019, U+201D). */
static size_t skip_closers(const unsigned char *t, size_t i, size_t end)
{
	while (i < end) {
		if (t[i] == '"' || t[i] == '\'' || t[i] == ')' || t[i] == ']')
			i++;
		else if (end - i >= 3 && t[i] == 0xE2 && t[i + 1] == 0x80 &&
			 (t[i + 2] == 0x99 || t[i + 2] == 0x9D))
			i += 3;
		else
			break;
	}
	return i;
}

/* Finds the end of the sentence that starts at t[a] (not a space) and ends
 * by t[end] (end is trimmed: t[end - 1] is not a space).  Returns one past
 * the sentence's last byte, sets *words to its word count and *next to
 * where the next sentence starts (end when there is none).
 *
 * A sentence ends at '.', '!' or '?' (a run of them, then any closers),
 * followed by white space and then something other than a lower-case ASCII
 * letter, unless the run is a single period ending an abbreviation.
 * "3.5" is never an end because no space follows the period. */
static size_t sentence_end(const unsigned char *t, size_t a, size_t end,
			   size_t *words, size_t *next)
{
	size_t i = a, w = 0;
	unsigned prev = 0;

	while (i < end) {
		unsigned char c = t[i];
		unsigned k = byte_class[c];
		if (!(k & C_END)) {
			k &= C_WORD;
			w += k & ~prev;
			prev = k;
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < end && (byte_class[t[j]] & C_END))
			j++;
		size_t run = j - i;
		size_t close = skip_closers(t, j, end);
		/* Curly closers are word bytes to wonk_count_words; count
		 * them the same way so window sizes agree with it. */
		w += count_words(t, j, close);
		prev = close > j ? byte_class[t[close - 1]] & C_WORD : 0;
		j = close;
		if (j >= end || !is_space(t[j])) {
			i = j;
			continue;
		}
		size_t nx = j;
		while (nx < end && is_space(t[nx]))
			nx++;
		prev = 0;
		/* nx < end always: end is trimmed.  Scanning resumes at nx,
		 * so no byte is looked at twice. */
		int lower = t[nx] >= 'a' && t[nx] <= 'z';
		if (!lower && !(c == '.' && run == 1 &&
				is_abbreviation(t, a, i, t[nx]))) {
			*words = w;
			*next = nx;
			return j;
		}
		i = nx;
	}
	*words = w;
	*next = end;
	return end;
}

/* ------------------------------------------------------------ output */

typedef struct splitter {
	const unsigned char *t;
	size_t min_words, max_words, window;

	wonk_span *out;
	size_t n, cap;
	size_t last_words; /* words in out[n - 1] */

	/* Short paragraphs waiting to be joined to the next one. */
	struct para {
		size_t start, end, words;
	} *chain;
	size_t nchain, chain_cap, chain_words;
} splitter;

static int push(splitter *sp, size_t start, size_t end, size_t words)
{
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 64;
		if (cap > SIZE_MAX / sizeof *sp->out)
			return -1;
		wonk_span *v = realloc(sp->out, cap * sizeof *v);
		if (!v)
			return -1;
		sp->out = v;
		sp->cap = cap;
	}
	sp->out[sp->n].start = start;
	sp->out[sp->n].end = end;
	sp->n++;
	sp->last_words = words;
	return 0;
}

/* Whether out[n - 1] can grow to `end` holding `words` more words. */
static int can_extend_last(const splitter *sp, size_t end, size_t words)
{
	return sp->n > 0 && sp->last_words + words <= sp->max_words &&
	       end - sp->out[sp->n - 1].start <= PASSAGE_MAX_BYTES;
}

static void extend_last(splitter *sp, size_t end, size_t words)
{
	sp->out[sp->n - 1].end = end;
	sp->last_words += words;
}

/* --------------------------------------------------- cutting sentences */

/* Where to cut a sentence [a, b) too long for one passage: after at most
 * `budget` words and before `limit` (a byte position, the cap).  Prefers
 * the last space in the second half of the allowed stretch, so pieces end at
 * word boundaries; the half keeps every piece at least half as long as the
 * stretch looked at, which keeps cutting linear.  Without such a space, cuts
 * at a word's start, or at the limit moved back so it never falls inside a
 * UTF-8 sequence.  Returns a position in (a, b), or b when nothing needs
 * cutting.  A returned space belongs to neither piece. */
static size_t cut_point(const unsigned char *t, size_t a, size_t b,
			size_t limit, size_t budget)
{
	size_t lim = limit < b ? limit : b;
	size_t i = a, w = 0;
	int in_word = 0;

	for (; i < lim; i++) {
		if (is_word(t[i])) {
			if (!in_word) {
				if (w == budget)
					break;
				w++;
			}
			in_word = 1;
		} else {
			in_word = 0;
		}
	}
	if (i >= b)
		return b;
	size_t half = a + (i - a) / 2;
	for (size_t q = i; q > half; q--)
		if (is_space(t[q - 1]))
			return q - 1; /* > a: t[a] is not a space */
	if (i < lim)
		return i; /* a word starts here after ASCII punctuation */
	/* Cut at the byte limit, but before the lead byte of a UTF-8
	 * sequence the limit falls in; longer runs of continuation bytes are
	 * invalid anyway, and cutting them is harmless. */
	if ((t[i] & 0xC0) == 0x80) {
		size_t c = i;
		for (int k = 0; k < 3 && c > a + 1; k++) {
			if ((t[c] & 0xC0) != 0x80)
				break;
			c--;
		}
		if ((t[c] & 0xC0) == 0xC0)
			return c;
	}
	return i;
}

static size_t trim_back(const unsigned char *t, size_t a, size_t e)
{
	while (e > a && is_space(t[e - 1]))
		e--;
	return e;
}

static size_t skip_space(const unsigned char *t, size_t i, size_t e)
{
	while (i < e && is_space(t[i]))
		i++;
	return i;
}

/* Emits the paragraph [a, b) (trimmed) as sentence windows: `window`
 * sentences each (more while a window is under min_words, so runs of very
 * short sentences still make passages worth ranking), no more than
 * max_words and PASSAGE_MAX_BYTES where a sentence allows it.  The first
 * window starts at ps <= a, so short paragraphs carried forward (pw words)
 * open it.  A sentence too long on its own is cut into pieces; a last window
 * shorter than min_words is folded into the one before when that fits. */
static int emit_windows(splitter *sp, size_t ps, size_t pw, size_t a, size_t b)
{
	const unsigned char *t = sp->t;
	size_t max = sp->max_words;
	size_t cur_start = ps, cur_end = ps, cur_words = pw, nsent = 0;
	size_t first = sp->n;
	size_t pos = a;

	while (pos < b) {
		size_t sa = pos, sw, next;
		size_t sb = sentence_end(t, sa, b, &sw, &next);

		for (;;) {
			int full = nsent >= sp->window &&
				   cur_words >= sp->min_words;
			if (nsent > 0 &&
			    (full || cur_words + sw > max ||
			     sb - cur_start > PASSAGE_MAX_BYTES)) {
				if (push(sp, cur_start, cur_end, cur_words) < 0)
					return -1;
				cur_start = sa;
				cur_words = 0;
				nsent = 0;
			}
			/* Carried-forward headings may push a window past
			 * max_words by their own few words, but a sentence is
			 * cut only when it alone is too long. */
			if (nsent > 0 || (sw <= max &&
					  sb - cur_start <= PASSAGE_MAX_BYTES))
				break;
			size_t budget = cur_words < max ? max - cur_words : 1;
			size_t lim = cur_start + PASSAGE_MAX_BYTES;
			size_t c = cut_point(t, sa, sb, lim, budget);
			if (c >= sb)
				break; /* fits after all */
			size_t pe = trim_back(t, sa, c);
			size_t piece = count_words(t, sa, pe);
			if (push(sp, cur_start, pe, cur_words + piece) < 0)
				return -1;
			/* A cut inside a word leaves a part on each side. */
			sw = sw - piece + (is_word(t[c - 1]) && is_word(t[c]));
			sa = skip_space(t, c, sb);
			cur_start = sa;
			cur_words = 0;
		}
		cur_end = sb;
		cur_words += sw;
		nsent++;
		pos = next;
	}
	if (nsent == 0)
		return 0;
	if (sp->n > first && cur_words < sp->min_words &&
	    can_extend_last(sp, cur_end, cur_words)) {
		extend_last(sp, cur_end, cur_words);
		return 0;
	}
	return push(sp, cur_start, cur_end, cur_words);
}

/* Emits the paragraph [a, b) with w words, opened by carried-forward short
 * paragraphs that start at ps (pw words): whole when it fits, else windowed.
 * The carried words may take it past max_words; a heading belongs with what
 * it heads even so. */
static int emit_unit(splitter *sp, size_t ps, size_t pw, size_t a, size_t b,
		     size_t w)
{
	if (w <= sp->max_words && b - ps <= PASSAGE_MAX_BYTES)
		return push(sp, ps, b, pw + w);
	return emit_windows(sp, ps, pw, a, b);
}

/* --------------------------------------------------------- paragraphs */

/* Emits the first k waiting short paragraphs as one passage of their own. */
static int flush_chain(splitter *sp, size_t k)
{
	size_t w = 0;

	if (k == 0)
		return 0;
	for (size_t i = 0; i < k; i++)
		w += sp->chain[i].words;
	if (push(sp, sp->chain[0].start, sp->chain[k - 1].end, w) < 0)
		return -1;
	memmove(sp->chain, sp->chain + k, (sp->nchain - k) * sizeof *sp->chain);
	sp->nchain -= k;
	sp->chain_words -= w;
	return 0;
}

/* Takes the next paragraph [start, end) (trimmed), holding `words` words. */
static int take_paragraph(splitter *sp, size_t start, size_t end, size_t words)
{
	if (words < sp->min_words && end - start <= PREFIX_MAX_BYTES) {
		/* Short: wait for the next paragraph, unless the waiting
		 * ones are already a passage's worth. */
		if (sp->nchain > 0 &&
		    (sp->chain_words + words > sp->max_words ||
		     end - sp->chain[0].start > PREFIX_MAX_BYTES) &&
		    flush_chain(sp, sp->nchain) < 0)
			return -1;
		if (sp->nchain == sp->chain_cap) {
			size_t cap = sp->chain_cap ? sp->chain_cap * 2 : 16;
			if (cap > SIZE_MAX / sizeof *sp->chain)
				return -1;
			struct para *c = realloc(sp->chain, cap * sizeof *c);
			if (!c)
				return -1;
			sp->chain = c;
			sp->chain_cap = cap;
		}
		sp->chain[sp->nchain].start = start;
		sp->chain[sp->nchain].end = end;
		sp->chain[sp->nchain].words = words;
		sp->nchain++;
		sp->chain_words += words;
		return 0;
	}
	if (sp->nchain > 0 && sp->chain_words >= sp->min_words &&
	    sp->chain_words + words > sp->max_words) {
		/* The waiting paragraphs are a passage by themselves and too
		 * many to join this one: they stand alone, except the last
		 * few (under min_words), which are likely its heading. */
		size_t k = sp->nchain, w = 0;
		while (k > 0 && w + sp->chain[k - 1].words < sp->min_words)
			w += sp->chain[--k].words;
		if (flush_chain(sp, k) < 0)
			return -1;
	}
	if (sp->nchain > 0 && start - sp->chain[0].start > PREFIX_MAX_BYTES &&
	    flush_chain(sp, sp->nchain) < 0)
		return -1;
	size_t ps = sp->nchain > 0 ? sp->chain[0].start : start;
	size_t pw = sp->chain_words;
	sp->nchain = 0;
	sp->chain_words = 0;
	return emit_unit(sp, ps, pw, start, end, words);
}

/* The text has ended: short paragraphs still waiting join the passage before
 * them when it has room, else stand alone. */
static int finish(splitter *sp)
{
	if (sp->nchain == 0)
		return 0;
	size_t end = sp->chain[sp->nchain - 1].end;
	if (can_extend_last(sp, end, sp->chain_words)) {
		extend_last(sp, end, sp->chain_words);
		sp->nchain = 0;
		sp->chain_words = 0;
		return 0;
	}
	return flush_chain(sp, sp->nchain);
}

/* Finds the paragraphs: runs of lines that are not blank (only white
 * space, so "\r\n\r\n" separates too), each trimmed, with its words. */
static int split_paragraphs(splitter *sp, size_t len)
{
	const unsigned char *t = sp->t;
	size_t i = 0, ps = 0, pe = 0, pw = 0;
	int open = 0;

	while (i < len) {
		const unsigned char *nl = memchr(t + i, '\n', len - i);
		size_t j = nl ? (size_t)(nl - t) : len;
		size_t first = skip_space(t, i, j);
		size_t last = trim_back(t, first, j);
		size_t w = count_words(t, first, last);
		if (first == last) {
			if (open && take_paragraph(sp, ps, pe, pw) < 0)
				return -1;
			open = 0;
		} else {
			if (!open) {
				open = 1;
				ps = first;
				pw = 0;
			}
			pe = last;
			pw += w;
		}
		i = j + 1;
	}
	if (open && take_paragraph(sp, ps, pe, pw) < 0)
		return -1;
	return finish(sp);
}

int wonk_split_passages(const char *text, size_t len,
			const wonk_passage_params *p,
			wonk_span **out, size_t *n)
{
	wonk_passage_params def;
	splitter sp;

	if (out)
		*out = NULL;
	if (n)
		*n = 0;
	if (!out || !n || (!text && len > 0))
		return -1;
	if (!p) {
		wonk_passage_params_default(&def);
		p = &def;
	}
	memset(&sp, 0, sizeof sp);
	sp.t = (const unsigned char *)text;
	/* Nonsense parameters are bent into sense rather than refused: at
	 * least one word and one sentence a window, and nothing counts as
	 * short that would make a passage too long by itself. */
	sp.max_words = p->max_words ? p->max_words : 1;
	sp.min_words = p->min_words < sp.max_words ? p->min_words
						   : sp.max_words;
	sp.window = p->window_sentences ? p->window_sentences : 1;

	int rc = split_paragraphs(&sp, len);
	free(sp.chain);
	if (rc < 0 || sp.n == 0) {
		free(sp.out);
		return rc < 0 ? -1 : 0;
	}
	/* Give back the unused tail; keeping the larger block is fine if the
	 * shrink fails. */
	wonk_span *v = realloc(sp.out, sp.n * sizeof *v);
	*out = v ? v : sp.out;
	*n = sp.n;
	return 0;
}
