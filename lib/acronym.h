/*
 * acronym.h - finding acronym definitions in text (private).
 *
 * Policy writing defines its abbreviations once, "Multiple Independently
 * Targeted Reentry Vehicles (MIRVs)", and uses them bare afterwards; a
 * reader searching for either should find both.  The indexer collects the
 * definitions of the whole corpus, so that the pair is known everywhere,
 * not only where both appear.
 */
#ifndef WONK_ACRONYM_H
#define WONK_ACRONYM_H

#include <stddef.h>

/* Called with each definition: the abbreviation as written ("MIRVs") and
 * its long form as written ("Multiple Independently Targeted Reentry
 * Vehicles").  Return non-zero to stop. */
typedef int (*wonk_acronym_fn)(void *ctx, const char *abbrev, size_t alen,
			       const char *longform, size_t llen);

/* Finds "Long Form (ABBR)" definitions in text[0, len): ABBR is 2 to 10
 * letters or digits, at least two of them capitals, maybe ending in a
 * plural s; the long form is the shortest run of up to
 * min(|ABBR| + 5, |ABBR| * 2) words before the parenthesis whose letters
 * hold ABBR's letters in order, the first at the start of the run's first
 * word and each at the start of a word or inside one (the Schwartz-Hearst
 * method).  Returns 0, or fn's non-zero value. */
int wonk_find_acronyms(const char *text, size_t len, wonk_acronym_fn fn,
		       void *ctx);

#endif
