/*
 * rank.h - stage 2: re-scoring a bounded pool of BM25 candidates with
 * evidence BM25 does not see (private).
 *
 * BM25 over short passages rewards one rare word said twice; a researcher
 * wants the passage that says what the whole query asks.  Each candidate
 * gets features from its own words (re-analysed with the indexing
 * analyzer) and its document:
 *   coverage   the share of the query's IDF mass the passage holds;
 *   proximity  how close together the matched content words stand (words
 *              in fewer than about one passage in eight; a one-word
 *              synonym stands in for its word);
 *   pair       whether the passage holds two of the query's content words
 *              or more, not one rare word alone;
 *   exact      the share of the query's IDF mass matched in the very form
 *              the query used ("Maine" rather than "main");
 *   title      the share of the query's IDF mass in the document's title;
 *   document   how much of the pool's BM25 the passage's document holds
 *              (a passage from a document that is about the query).
 * A year the query names ("Embargo Act of 1807") counts as held by a
 * passage whose document is dated that year or the next, said or not (a
 * decade, "1890s", by those dated in it or the year after); a
 * capitalised word that is the surname of the document's author
 * ("Truman Doctrine Greece Turkey": Truman seldom says his own name) by
 * the author's passages;
 * the candidates dated in the first years the pool says the whole query
 * gain a little (the onset, below; search.c reads the dates).
 * Two capitalised query words side by side ("South Carolina") count as
 * one name in these features, weighing less than the two words apart.
 * The final score is BM25 (scaled to the pool's best) plus a weighted sum
 * of the features; the weights are in rank.c, measured by `make eval`
 * (docs/RANKING.md).
 */
#ifndef WONK_RANK_H
#define WONK_RANK_H

#include <stddef.h>

#include "wonk.h"

#include "analyze.h"
#include "query.h"
#include "record.h"

typedef struct wonk_ranker wonk_ranker;

/* A year the query names (four digits, 1000-2999) is held by the passages
 * of documents dated that year or up to this many years later: what is
 * written about an event is dated when it happens or after, and often
 * leaves the year unsaid ("the embargo" in the address of 1808 for
 * "Embargo Act of 1807"), where a passage that says the year is as often
 * about something else that happened then.  The event's own year and the
 * next (an annual report looks back on the year before) was best on the
 * judged set; two years lost on "Panic of 1837" (docs/RANKING.md). */
#define WONK_YEAR_AFTER 1

/* The year s names ("1807", or a date: "1973-06-01"), or 0. */
int wonk_year_named(const char *s);

/* The years whose documents hold a query word, into [*first, *last]: a
 * year ("1807": 1807 and WONK_YEAR_AFTER more) or a decade ("1890s": 1890
 * to 1899 and WONK_YEAR_AFTER more; the addresses of the 1890s seldom
 * call their own time "the 1890s").  Returns 0 (and sets nothing) when
 * the word names neither. */
int wonk_years_held(const char *word, int *first, int *last);

/* A query term's weight: its inverse document frequency. */
typedef double (*wonk_idf_fn)(void *ctx, const char *stem);

/* The ranker for a query (its ranked words: TERMs and phrase words that
 * are not excluded); text is the query as typed, whose capitals mark
 * two-word names ("South Carolina" weighs as one thing), or NULL.  NULL
 * when out of memory; a query without ranked words gives a ranker that
 * leaves scores as they are. */
wonk_ranker *wonk_ranker_new(wonk_analyzer *a, const wonk_qnode *root,
			     const char *text, wonk_idf_fn idf, void *ctx);
void wonk_ranker_free(wonk_ranker *r);

/* Whether one of the query's ranked words names a year or a decade: only
 * then does wonk_ranker_score() look at a candidate's date. */
int wonk_ranker_names_year(const wonk_ranker *r);

/* Whether the query word at text[start, end) is written as a name, so
 * that it may be a document author's surname: with a capital and not in
 * capitals throughout ("Truman", "McKinley"; not "truman", "NATO"). */
int wonk_written_as_name(const char *text, size_t start, size_t end);

/* Whether one of the query's ranked words is written as a name: only then
 * does wonk_ranker_score() look at a candidate's author. */
int wonk_ranker_names_person(const wonk_ranker *r);

/* The onset of a topic in the pool: the year of the earliest-dated
 * candidate one of whose sentences holds every content word of the
 * query.  What is written when a topic is first taken up tends to be the
 * account of it (the declaration of the "war on poverty" in 1964, the
 * treaty to annex Hawaii), what comes decades later a passing reference
 * ("declared war on poverty, and poverty won"); so the candidates dated
 * from the onset to WONK_ONSET_YEARS later gain WONK_ONSET_WEIGHT.
 * Three years and 0.5 were best on the judged set (docs/RANKING.md). */
#define WONK_ONSET_YEARS 3
#define WONK_ONSET_WEIGHT 0.5

/* Whether a candidate dated year (0: undated) is in the first years of
 * the pool's onset (0: none): its WONK_PART_ONSET. */
int wonk_in_onset(int year, int onset);

/* The stage-2 score of a candidate: bm25 is its stage-1 score, best the
 * pool's best, doc_share its document's share of the pool's BM25 mass
 * (0..1), date its document's date (ISO 8601) or NULL, author its
 * document's author field ("Harry S Truman"; several separated by ";",
 * "," or " and ") or NULL.  *says_all (if
 * not NULL) tells whether one of its sentences holds every content word
 * of the query, for the onset.  part (if not NULL) gets the score's parts
 * (the onset's 0: the pool's onset is known only once all are scored);
 * the score is their sum weighted by wonk_score_part_weight().  Returns a
 * negative value when out of memory. */
double wonk_ranker_score(wonk_ranker *r, const wonk_record *rec, double bm25,
			 double best, double doc_share, const char *date, const char *author,
			 int *says_all, double part[WONK_PART_LAST]);

/* The query words the candidate last scored holds through its document
 * (a year or decade by its date, a surname by its author) and not its
 * text, joined by spaces into a malloc'ed string; NULL when there are
 * none, and with *failed set when out of memory. */
char *wonk_ranker_held(const wonk_ranker *r, int *failed);

#endif
