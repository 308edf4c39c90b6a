/*
 * numbers.h - the other ways of writing the number a query word writes.
 *
 * Policy writing names things by number in every notation at once: the
 * Fourteenth Amendment and the 14th, World War II and the Second World
 * War, Point Four and Point 4 and Point IV, Article 5 and Article V.  A
 * query word that writes a number also finds the number's other forms
 * (expand.c, through search.c's relatives):
 *
 *	four, 4        -> 4 or four, IV
 *	fourth, 4th    -> 4th or fourth, IV
 *	IV             -> 4, 4th
 *
 * A Roman numeral does not take the number's words: "two" and "second"
 * are common words, and a synonym group weighs its words as one, so they
 * would swamp the rare "II" of "World War II".  "one" and a lone "I" are
 * left alone (a pronoun), and so are numbers of 100 and more (years,
 * amounts).
 */
#ifndef WONK_NUMBERS_H
#define WONK_NUMBERS_H

#include <stddef.h>

/* Long enough for "seventy-seventh". */
#define WONK_NUMBER_FORM_MAX 24

/* The other forms of the number the case-folded word writes (words,
 * digits, "4th", Roman numerals in lower case; a compound like
 * "twenty-second" as written), up to max of them, into out; returns how
 * many (0 when the word writes no number). */
size_t wonk_number_forms(const char *word, char out[][WONK_NUMBER_FORM_MAX], size_t max);

#endif
