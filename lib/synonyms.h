/*
 * synonyms.h - groups of expressions that mean the same thing (private):
 * the shipped lists of policy abbreviations and of places' other names
 * (national capitals, older names of countries), the user's synonyms
 * file, and the acronyms the indexer found defined in the corpus.  The
 * query side (expand.c) uses them so that "ICBM" also finds
 * "intercontinental ballistic missile" and the reverse.
 *
 * A synonyms file holds one group per line, its expressions separated by
 * "=" or ",":
 *	# comments and blank lines are ignored
 *	ICBM = intercontinental ballistic missile
 *	DPRK, North Korea, Democratic People's Republic of Korea
 * Expressions are analysed like text, so "ICBMs" and "icbm" are one.
 */
#ifndef WONK_SYNONYMS_H
#define WONK_SYNONYMS_H

#include <stddef.h>
#include <stdint.h>

#include "analyze.h"

typedef struct wonk_synonyms wonk_synonyms;

/* A wonk_token_fn that appends each token's stem to the wonk_buf ctx,
 * space-separated: how groups, and the acronyms mined, spell their
 * expressions. */
int wonk_join_stems(void *ctx, const wonk_token *tok);

wonk_synonyms *wonk_synonyms_new(void); /* NULL when out of memory */
/* An empty set whose lookups see base's groups first and then its own
 * (base must outlive it and is not freed with it): a search's own
 * additions to the index's set. */
wonk_synonyms *wonk_synonyms_over(const wonk_synonyms *base);
void wonk_synonyms_free(wonk_synonyms *s);

/* Adds the groups of a synonyms file's text.  Returns 0, -1 when out of
 * memory.  Lines that hold fewer than two expressions are ignored.  The
 * user's groups apply to words however written ("nuclear = atomic").
 * The lines are analysed (with a, which must outlive s) only when a
 * lookup needs them: a large file costs a search the lines that could
 * hold its words. */
int wonk_synonyms_add_text(wonk_synonyms *s, wonk_analyzer *a,
			   const char *text, size_t len);
/* Adds the built-in lists: common policy abbreviations, and places'
 * other names (national capitals with their countries, countries' older
 * names).  Abbreviation groups expand a single word only when it is
 * written like one (see wonk_synonyms_each); places expand however
 * written. */
int wonk_synonyms_add_defaults(wonk_synonyms *s, wonk_analyzer *a);
/* The built-in lists as their stems: a first line "v" + 16 hex digits
 * (the lists' hash, so that a wonk with other lists knows them stale), then
 * one group per line, "~" first when it is not an abbreviation's, its
 * expressions' stems joined by single spaces and the expressions separated
 * by "=".  The indexer stores it in the index, so a search need not stem
 * the lists again.  NULL when out of memory. */
char *wonk_synonyms_defaults_stemmed(wonk_analyzer *a, size_t *len);
/* Adds the built-in list from what wonk_synonyms_defaults_stemmed gave
 * (with the same analyzer): 0, 1 when text is not that of this list (an
 * older list, or damage: the caller stems the list instead), -1 when out
 * of memory. */
int wonk_synonyms_add_stemmed_defaults(wonk_synonyms *s, const char *text, size_t len);

/* Adds one abbreviation and its long form, given as stems joined by
 * single spaces (as the indexer stores mined acronyms).  Returns 0 or -1. */
int wonk_synonyms_add_pair(wonk_synonyms *s, const char *a, const char *b);

/* Called for each expression equivalent to stems[0, n): its stems, joined
 * by single spaces. */
typedef int (*wonk_synonym_fn)(void *ctx, const char *alt);

/* Calls fn with every other expression of every group that has one
 * matching stems[0, n) exactly, in the order the groups were added.
 * as_abbrev says the query wrote the words like an abbreviation
 * (capitals); without it, a single word skips the abbreviation groups, so
 * that "start" is not START and the "un" of "Jong-un" is not the United
 * Nations.  Returns 0, fn's non-zero value, or -1 when out of memory
 * analysing the lines the lookup needs (which may happen in a base set
 * too: sets are not for sharing between threads). */
int wonk_synonyms_each(const wonk_synonyms *s, const char *const *stems,
		       size_t n, int as_abbrev, wonk_synonym_fn fn, void *ctx);

/* The longest expression, in words, of any group (bounds the runs of
 * query words worth looking up; for lines not analysed yet, a bound). */
size_t wonk_synonyms_longest(const wonk_synonyms *s);

/* How a synonyms file's lines wait for the lookups that need them: each
 * is filed under a key of the first three bytes of each expression's
 * first word, folded, and a lookup takes the keys its first stem could
 * come from.  A Snowball English stem keeps its word's first three
 * bytes, but that a third y may be i ("cry": cri, "skies": sky), a third
 * i may be e ("using": use), a word may be cut to two ("being": be), and
 * "dying", "lying" and "tying" are "die", "lie" and "tie"; wonk_stem_keys allows for each, and a test runs
 * Snowball's whole vocabulary through the pair.  WONK_KEY_END stands for
 * the end of a shorter word, WONK_KEY_ANY for a byte beyond ASCII (the
 * key ends there). */
#define WONK_KEY_ANY 0x00u
#define WONK_KEY_END 0x01u
#define WONK_STEM_KEYS 6
/* The key of the first word of text[0, len): 1 with *key; 0 when the
 * word does not start with ASCII letters and digits the analyzer keeps
 * as they are ("O'Brien" is "obrien", "U.S." is "us", "Élysée"
 * "elysee"), so every lookup must take its line; -1 when there is no
 * word. */
int wonk_word_key(const char *text, size_t len, uint32_t *key);
/* The key ranges [lo[i], hi[i]] whose words could stem to stem; returns
 * how many (at most WONK_STEM_KEYS). */
size_t wonk_stem_keys(const char *stem, uint32_t lo[WONK_STEM_KEYS], uint32_t hi[WONK_STEM_KEYS]);

#endif
