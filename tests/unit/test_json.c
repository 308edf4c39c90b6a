/*
 * test_json.c - JSON records become documents: one object, an array of
 * objects, or JSON Lines; fields found under their common names or the
 * user's; broken records counted and skipped with a reason; and input that
 * is not JSON at all (or is hostile) refused cleanly.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "extract.h"

static wonk_extraction x;
static char *err;

/* Extracts s (from a buffer of exactly its length, so ASan sees a read
 * past the end); returns the status. */
static wonk_status json_n(const char *s, size_t n, int lines, const wonk_field_map *fields)
{
	wonk_extraction_clear(&x);
	free(err);
	err = NULL;
	char *buf = malloc(n ? n : 1);
	if (!buf)
		abort();
	memcpy(buf, s, n);
	wonk_status st = wonk_extract_json(buf, n, lines, fields, &x, &err);
	free(buf);
	return st;
}

static wonk_status json(const char *s, int lines)
{
	return json_n(s, strlen(s), lines, NULL);
}

/* A string for a message, which may be NULL. */
static const char *str(const char *s)
{
	return s ? s : "(null)";
}

static int eq(const char *got, const char *want)
{
	int ok = want ? got && strcmp(got, want) == 0 : got == NULL;
	if (!ok)
		printf("# got \"%s\", want \"%s\"\n", got ? got : "(null)", want ? want : "(null)");
	return ok;
}

static int body_is(size_t i, const char *want)
{
	return i < x.ndocs && eq(x.docs[i].body, want) &&
	       x.docs[i].body_len == strlen(want) && eq(x.docs[i].type, "json");
}

static void shapes(void)
{
	CHECK(json("{\"title\": \"Arctic Routes\", \"author\": \"Jane Doe\", "
		   "\"date\": \"2024-06-19T10:00:00Z\", \"source\": \"Polar Review\", "
		   "\"url\": \"https://x.org/a\", \"tags\": [\"arctic\", \"shipping\"], "
		   "\"text\": \"The Northern Sea Route.\"}", 0) == WONK_OK && x.ndocs == 1,
	      "a single object is one document");
	wonk_document *d = &x.docs[0];
	CHECK(body_is(0, "The Northern Sea Route.") && d->record == 0,
	      "its body, and record 0 for a file that is one object");
	CHECK(eq(d->meta.title, "Arctic Routes") && eq(d->meta.author, "Jane Doe") &&
		      eq(d->meta.date, "2024-06-19") && eq(d->meta.source, "Polar Review") &&
		      eq(d->meta.url, "https://x.org/a") && eq(d->meta.tags, "arctic; shipping"),
	      "its metadata, the date normalised");

	CHECK(json("[{\"text\": \"first\"}, 42, {\"body\": \"third\"}, {\"title\": \"no body\"}]", 0) ==
		      WONK_OK && x.ndocs == 2,
	      "an array of objects: one document each");
	CHECK(body_is(0, "first") && x.docs[0].record == 1 && body_is(1, "third") &&
		      x.docs[1].record == 3,
	      "records numbered by their place in the array");
	CHECK(x.bad_records == 2 && eq(x.bad_reason, "record 2: not a JSON object"),
	      "a non-object element and a record with no body are bad, the first reason kept");

	CHECK(json("{\"text\": \"one\"}\n\n{\"text\": \"two\"}\r\n{\"text\": \"three\", }\n"
		   "[1]\n{\"text\": \"five\"} extra\n{\"title\": \"t\"}\n"
		   "{\"content\": \"seven\"}", 1) ==
		      WONK_OK,
	      "JSON Lines with broken lines still succeeds");
	CHECK(x.ndocs == 3 && body_is(0, "one") && x.docs[0].record == 1 && body_is(1, "two") &&
		      x.docs[1].record == 3 && body_is(2, "seven") && x.docs[2].record == 8,
	      "the good lines are documents, numbered by line (blank lines counted)");
	CHECK(x.bad_records == 4, "each broken line counted (%zu)", x.bad_records);
	CHECK(x.bad_reason && strncmp(x.bad_reason, "line 4: not valid JSON at column", 32) == 0,
	      "the reason names the first bad line: \"%s\"", str(x.bad_reason));

	CHECK(json("{\"text\": \"a\"}\n{\"text\": \"b\"}\n", 0) == WONK_OK && x.ndocs == 2 &&
		      x.docs[1].record == 2,
	      "a .json file that is really JSON Lines is read as lines");
	CHECK(json("\xEF\xBB\xBF{\"text\": \"bom\"}", 0) == WONK_OK && body_is(0, "bom"),
	      "a byte order mark is skipped");
}

static void fields(void)
{
	CHECK(json("{\"year\": 1905, \"name\": \"Theodore Roosevelt\", \"party\": \"Republican\", "
		   "\"text\": \"To the Senate and House of Representatives:\"}", 0) == WONK_OK &&
		      x.ndocs == 1,
	      "a State of the Union record");
	CHECK(eq(x.docs[0].meta.author, "Theodore Roosevelt") && eq(x.docs[0].meta.date, "1905") &&
		      x.docs[0].meta.title == NULL,
	      "its author from \"name\", its date from the number \"year\"");

	CHECK(json("{\"headline\": \"H\", \"author\": [{\"@type\": \"Person\", \"name\": \"Ann Lee\"}, "
		   "\"Bo Chan\", {\"name\": \"ann lee\"}], \"publisher\": {\"name\": \"The Review\"}, "
		   "\"datePublished\": \"June 19, 2024\", \"keywords\": \"energy, sanctions\", "
		   "\"link\": {\"@id\": \"https://x.org/h\"}, \"articleBody\": \"B\"}", 0) == WONK_OK &&
		      x.ndocs == 1,
	      "a JSON-LD style record");
	wonk_document *d = &x.docs[0];
	CHECK(eq(d->meta.title, "H") && eq(d->meta.author, "Ann Lee; Bo Chan") &&
		      eq(d->meta.source, "The Review") && eq(d->meta.date, "2024-06-19") &&
		      eq(d->meta.tags, "energy; sanctions") && eq(d->meta.url, "https://x.org/h"),
	      "authors from objects and strings (once each), publisher by name, "
	      "comma-separated keywords");

	CHECK(json("{\"title\": null, \"headline\": \"Second name\", \"text\": \"\", "
		   "\"body\": \"used\", \"date\": \"someday\", \"published\": 1718791200}", 0) ==
		      WONK_OK,
	      "empty and null values");
	CHECK(eq(x.docs[0].meta.title, "Second name") && body_is(0, "used"),
	      "a null or empty value falls through to the next name");
	CHECK(x.docs[0].meta.date == NULL, "an unreadable date gives no date");
	CHECK(json("{\"text\": \"t\", \"date\": 1718791200}", 0) == WONK_OK &&
		      eq(x.docs[0].meta.date, "2024-06-19"),
	      "a number of seconds since 1970 is a date");

	char author[] = "speaker", body[] = "transcript", title[] = "meta.headline";
	wonk_field_map map = {.author = author, .body = body, .title = title};
	const char *rec = "{\"author\": \"not this\", \"speaker\": \"Ms. Chair\", "
			  "\"text\": \"not this\", \"transcript\": \"The hearing began.\", "
			  "\"meta\": {\"headline\": \"Hearing on Arctic Policy\"}}";
	CHECK(json_n(rec, strlen(rec), 0, &map) == WONK_OK && x.ndocs == 1 &&
		      body_is(0, "The hearing began.") && eq(x.docs[0].meta.author, "Ms. Chair") &&
		      eq(x.docs[0].meta.title, "Hearing on Arctic Policy"),
	      "the field map overrides the defaults, with dotted paths");
	rec = "{\"text\": \"only the default\"}";
	CHECK(json_n(rec, strlen(rec), 0, &map) == WONK_ERR_BAD_INPUT && err &&
		      strstr(err, "transcript"),
	      "a mapped body field that is missing makes a bad record: \"%s\"", str(err));

	CHECK(json("{\"text\": {\"lang\": \"en\"}, \"content\": \"the words\"}", 0) == WONK_OK &&
		      body_is(0, "the words"),
	      "a body name holding an object is passed over");
	CHECK(json("{\"body\": [\"Para one.\", \"Para two.\"], \"tags\": [\"a\", 7, \"A\"]}", 0) ==
		      WONK_OK &&
		      body_is(0, "Para one.\n\nPara two.") && eq(x.docs[0].meta.tags, "a; 7"),
	      "a body array is paragraphs; tags de-duplicated");
	CHECK(json("{\"text\": \"  Line one.\\r\\nLine two.\\r\\n\\r\\nNew para.\\rEnd.  \"}", 0) ==
		      WONK_OK &&
		      body_is(0, "Line one.\nLine two.\n\nNew para.\nEnd."),
	      "line breaks kept as \\n, the body trimmed");
	CHECK(json("{\"text\": \"bad \xFF\xFE bytes \xC3\xA9\"}", 0) == WONK_OK &&
		      body_is(0, "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes \xC3\xA9"),
	      "invalid UTF-8 in a body repaired");
	CHECK(json("{\"text\": \"caf\\u00e9 \\ud83d\\ude00\"}", 0) == WONK_OK &&
		      body_is(0, "caf\xC3\xA9 \xF0\x9F\x98\x80"),
	      "\\u escapes, surrogate pairs included");
}

static void failures(void)
{
	CHECK(json("", 0) == WONK_OK && x.ndocs == 0 && x.bad_records == 0 && !err,
	      "an empty file: no documents, no error");
	CHECK(json(" \n\t\n", 1) == WONK_OK && x.ndocs == 0 && x.bad_records == 0,
	      "a blank JSON Lines file: no documents, no error");
	CHECK(json("[]", 0) == WONK_OK && x.ndocs == 0 && x.bad_records == 0,
	      "an empty array: no documents, no error");

	CHECK(json("{\"title\": \"no text\"}", 0) == WONK_ERR_BAD_INPUT && err &&
		      strstr(err, "no text/body/content field") && x.ndocs == 0 && !x.docs &&
		      !x.bad_reason,
	      "a single object with no body fails, with the reason: \"%s\"", str(err));
	CHECK(json("Dear reader, this is not JSON.", 0) == WONK_ERR_BAD_INPUT && err &&
		      strstr(err, "not valid JSON") && strstr(err, "line 1"),
	      "garbage is refused with where it went wrong: \"%s\"", str(err));
	CHECK(json("{\n  \"text\": \"a\",\n  oops\n}", 0) == WONK_ERR_BAD_INPUT && err &&
		      strstr(err, "line 3"),
	      "a syntax error is located by line: \"%s\"", str(err));
	CHECK(json("\"just a string\"", 0) == WONK_ERR_BAD_INPUT && err &&
		      strstr(err, "not a JSON object"),
	      "a lone string is not a record: \"%s\"", str(err));
	CHECK(json("{\"text\": \"a\"} {\"text\": \"b\"}", 0) == WONK_ERR_BAD_INPUT && err,
	      "two values on one line are refused: \"%s\"", str(err));
	CHECK(json("nope\n{oops\n{\"x\": 1}\n", 1) == WONK_ERR_BAD_INPUT && err &&
		      strstr(err, "3 bad") && strstr(err, "line 1"),
	      "JSON Lines with no good line fails, counting the bad: \"%s\"", str(err));

	size_t n = 100000;
	char *deep = malloc(n + 1);
	memset(deep, '[', n);
	deep[n] = '\0';
	CHECK(json_n(deep, n, 0, NULL) == WONK_ERR_BAD_INPUT && err,
	      "100,000 nested arrays are refused cleanly: \"%s\"", str(err));
	CHECK(json_n(deep, n, 1, NULL) == WONK_ERR_BAD_INPUT && x.ndocs == 0,
	      "also as JSON Lines");
	for (size_t i = 0; i < n; i += 5)
		memcpy(deep + i, "{\"a\":", 5);
	CHECK(json_n(deep, n, 0, NULL) == WONK_ERR_BAD_INPUT, "and 20,000 nested objects");
	free(deep);

	/* A long record, and prefixes of a record ending anywhere. */
	size_t big = 4u << 20;
	char *line = malloc(big + 64);
	strcpy(line, "{\"text\": \"");
	size_t k = strlen(line);
	for (size_t i = 0; i < big; i++)
		line[k++] = i % 6 == 5 ? ' ' : 'a' + (char)(i % 6);
	strcpy(line + k, "\"}\n{\"text\": \"small\"}\n");
	CHECK(json(line, 1) == WONK_OK && x.ndocs == 2 && x.docs[0].body_len == big,
	      "a 4 MiB record on one line");
	free(line);

	const char *rec = "{\"title\": \"T\\u00e9\", \"author\": [{\"name\": \"A\"}], "
			  "\"text\": \"x\\\\y\\\"z\", \"n\": -1.5e3, \"ok\": true, \"z\": null}";
	int all_ok = 1;
	for (size_t cut = 0; cut <= strlen(rec); cut++) {
		wonk_status st = json_n(rec, cut, cut % 2, NULL);
		if (cut < strlen(rec))
			all_ok &= st == (cut && cut < strlen(rec) ? WONK_ERR_BAD_INPUT : WONK_OK);
		else
			all_ok &= st == WONK_OK && x.ndocs == 1;
	}
	CHECK(all_ok, "every truncation of a record is refused cleanly");
}

int main(void)
{
	shapes();
	fields();
	failures();
	wonk_extraction_clear(&x);
	free(err);
	return CHECK_DONE();
}
