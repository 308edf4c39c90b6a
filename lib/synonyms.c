/*
 * synonyms.c - see synonyms.h.
 *
 * Every expression is kept as its stems joined by single spaces, the form
 * in which a run of query words is compared; the groups a search holds are
 * few (a few hundred), so a linear scan per lookup costs microseconds.
 *
 * A synonyms file, and the stored stems of the built-in lists, are not
 * analysed when added: their lines wait, filed under the first two bytes
 * of each expression's first word, and a lookup analyses only the lines
 * filed where its first stem could come from (a Snowball English stem
 * keeps its word's first two letters, but for dying, lying and tying;
 * analyze.c's stem filter relies on the same).  So a search pays for the
 * lines that could hold its words, not for the whole file: stemming a
 * 5,000-line file took 11 ms, every search.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synonyms.h"
#include "util.h"

/* Common abbreviations in policy writing, each with what it stands for.
 * General knowledge of the field, not of any corpus: users add their own
 * in a synonyms file. */
static const char default_list[] =
	"ABM = anti-ballistic missile\n"
	"AEW = AEWS = AEW&C = airborne early warning\n"
	"ASEAN = Association of Southeast Asian Nations\n"
	"CIA = Central Intelligence Agency\n"
	"CTBT = Comprehensive Test Ban Treaty\n"
	"DMZ = demilitarized zone\n"
	"DOD = DoD = Department of Defense\n"
	"DPRK = North Korea = Democratic People's Republic of Korea\n"
	"EPA = Environmental Protection Agency\n"
	"EU = European Union\n"
	"FBI = Federal Bureau of Investigation\n"
	"FDI = foreign direct investment\n"
	"GATT = General Agreement on Tariffs and Trade\n"
	"GDP = gross domestic product\n"
	"IAEA = International Atomic Energy Agency\n"
	"ICBM = intercontinental ballistic missile\n"
	"IMF = International Monetary Fund\n"
	"INF = Intermediate-Range Nuclear Forces\n"
	"IRBM = intermediate-range ballistic missile\n"
	"MIRV = multiple independently targetable reentry vehicle = multiple independently targeted reentry vehicle\n"
	"NAFTA = North American Free Trade Agreement\n"
	"NATO = North Atlantic Treaty Organization\n"
	"NGO = non-governmental organization\n"
	"NPT = Non-Proliferation Treaty = Nuclear Non-Proliferation Treaty\n"
	"OPEC = Organization of the Petroleum Exporting Countries\n"
	"PRC = People's Republic of China\n"
	"ROK = South Korea = Republic of Korea\n"
	"SALT = Strategic Arms Limitation Talks = Strategic Arms Limitation Treaty\n"
	"SAM = surface-to-air missile\n"
	"SDI = Strategic Defense Initiative\n"
	"SLBM = submarine-launched ballistic missile\n"
	"START = Strategic Arms Reduction Treaty\n"
	"UAV = unmanned aerial vehicle = drone\n"
	"UN = United Nations\n"
	"USSR = Soviet Union = Union of Soviet Socialist Republics\n"
	"WMD = weapons of mass destruction\n"
	"WWI = WW1 = World War I = First World War\n"
	"WWII = WW2 = World War II = Second World War\n"
	"WTO = World Trade Organization\n";

/* Places by their other names; groups apply to words however written,
 * like the user's.  First national capitals, each with its country:
 * policy writing names a government by its seat ("Beijing's view", "talks
 * with Pyongyang") where the rest of the record names the country.  Every
 * capital whose name in English writing means chiefly that city; left out
 * are those that are chiefly a person, a word or another place
 * (Washington, Victoria, Wellington, Kingston, Georgetown, Santiago,
 * Tbilisi beside the state of Georgia, Male, San Jose, Brussels for the
 * European Union) and Jerusalem, disputed. */
static const char place_list[] =
	"Beijing, Peking, China\n"
	"Taipei, Taiwan\n"
	"Tokyo, Japan\n"
	"Seoul, South Korea\n"
	"Pyongyang, North Korea\n"
	"Ulaanbaatar, Ulan Bator, Mongolia\n"
	"Hanoi, Vietnam\n"
	"Saigon, South Vietnam\n"
	"Vientiane, Laos\n"
	"Phnom Penh, Cambodia\n"
	"Bangkok, Thailand\n"
	"Naypyidaw, Myanmar, Burma\n"
	"Kuala Lumpur, Malaysia\n"
	"Jakarta, Indonesia\n"
	"Manila, Philippines\n"
	"Dhaka, Dacca, Bangladesh\n"
	"Kathmandu, Nepal\n"
	"Thimphu, Bhutan\n"
	"New Delhi, India\n"
	"Islamabad, Pakistan\n"
	"Kabul, Afghanistan\n"
	"Tehran, Teheran, Iran\n"
	"Baghdad, Iraq\n"
	"Damascus, Syria\n"
	"Beirut, Lebanon\n"
	"Amman, Jordan\n"
	"Riyadh, Saudi Arabia\n"
	"Sanaa, Yemen\n"
	"Muscat, Oman\n"
	"Abu Dhabi, United Arab Emirates\n"
	"Doha, Qatar\n"
	"Manama, Bahrain\n"
	"Kuwait City, Kuwait\n"
	"Astana, Kazakhstan\n"
	"Tashkent, Uzbekistan\n"
	"Bishkek, Kyrgyzstan\n"
	"Dushanbe, Tajikistan\n"
	"Ashgabat, Turkmenistan\n"
	"Colombo, Sri Lanka\n"
	"Moscow, Russia\n"
	"Kyiv, Kiev, Ukraine\n"
	"Minsk, Belarus\n"
	"Chisinau, Moldova\n"
	"Vilnius, Lithuania\n"
	"Riga, Latvia\n"
	"Tallinn, Estonia\n"
	"Warsaw, Poland\n"
	"Prague, Czech Republic, Czechia\n"
	"Bratislava, Slovakia\n"
	"Budapest, Hungary\n"
	"Bucharest, Romania\n"
	"Belgrade, Serbia\n"
	"Zagreb, Croatia\n"
	"Ljubljana, Slovenia\n"
	"Sarajevo, Bosnia\n"
	"Podgorica, Montenegro\n"
	"Skopje, North Macedonia\n"
	"Tirana, Albania\n"
	"Athens, Greece\n"
	"Nicosia, Cyprus\n"
	"Valletta, Malta\n"
	"Ankara, Turkey\n"
	"Yerevan, Armenia\n"
	"Baku, Azerbaijan\n"
	"London, United Kingdom\n"
	"Dublin, Ireland\n"
	"Paris, France\n"
	"Madrid, Spain\n"
	"Lisbon, Portugal\n"
	"Rome, Italy\n"
	"Berlin, Germany\n"
	"Bonn, West Germany\n"
	"Vienna, Austria\n"
	"Bern, Berne, Switzerland\n"
	"Amsterdam, Netherlands\n"
	"Copenhagen, Denmark\n"
	"Oslo, Norway\n"
	"Stockholm, Sweden\n"
	"Helsinki, Finland\n"
	"Reykjavik, Iceland\n"
	"Cairo, Egypt\n"
	"Tripoli, Libya\n"
	"Tunis, Tunisia\n"
	"Algiers, Algeria\n"
	"Rabat, Morocco\n"
	"Khartoum, Sudan\n"
	"Addis Ababa, Ethiopia\n"
	"Nairobi, Kenya\n"
	"Kampala, Uganda\n"
	"Kigali, Rwanda\n"
	"Dodoma, Tanzania\n"
	"Mogadishu, Somalia\n"
	"Asmara, Eritrea\n"
	"Kinshasa, Democratic Republic of the Congo\n"
	"Luanda, Angola\n"
	"Lusaka, Zambia\n"
	"Harare, Zimbabwe\n"
	"Lilongwe, Malawi\n"
	"Maputo, Mozambique\n"
	"Pretoria, South Africa\n"
	"Windhoek, Namibia\n"
	"Gaborone, Botswana\n"
	"Antananarivo, Madagascar\n"
	"Abuja, Nigeria\n"
	"Accra, Ghana\n"
	"Dakar, Senegal\n"
	"Bamako, Mali\n"
	"Niamey, Niger\n"
	"Ouagadougou, Burkina Faso\n"
	"Monrovia, Liberia\n"
	"Freetown, Sierra Leone\n"
	"Conakry, Guinea\n"
	"Nouakchott, Mauritania\n"
	"N'Djamena, Chad\n"
	"Bangui, Central African Republic\n"
	"Yaounde, Cameroon\n"
	"Canberra, Australia\n"
	"Ottawa, Canada\n"
	"Mexico City, Mexico\n"
	"Guatemala City, Guatemala\n"
	"Tegucigalpa, Honduras\n"
	"San Salvador, El Salvador\n"
	"Managua, Nicaragua\n"
	"Panama City, Panama\n"
	"Havana, Cuba\n"
	"Santo Domingo, Dominican Republic\n"
	"Port-au-Prince, Haiti\n"
	"Caracas, Venezuela\n"
	"Bogota, Colombia\n"
	"Quito, Ecuador\n"
	"Lima, Peru\n"
	"La Paz, Bolivia\n"
	"Asuncion, Paraguay\n"
	"Montevideo, Uruguay\n"
	"Buenos Aires, Argentina\n"
	"Brasilia, Brazil\n"
	/* Countries' and cities' older names and spellings, as older records
	 * (and the State of the Union addresses) write them: "Porto Rico" in
	 * 1905 is Puerto Rico. */
	"Puerto Rico, Porto Rico\n"
	"Haiti, Hayti\n"
	"Serbia, Servia\n"
	"Romania, Roumania, Rumania\n"
	"Korea, Corea\n"
	"Thailand, Siam\n"
	"Iran, Persia\n"
	"Taiwan, Formosa\n"
	"Sri Lanka, Ceylon\n"
	"Ethiopia, Abyssinia\n"
	"Istanbul, Constantinople\n"
	"Cambodia, Kampuchea\n"
	"Benin, Dahomey\n"
	"Burkina Faso, Upper Volta\n"
	"Tanzania, Tanganyika\n"
	"Botswana, Bechuanaland\n"
	"Lesotho, Basutoland\n"
	"Malawi, Nyasaland\n"
	"Eswatini, Swaziland\n"
	"Zimbabwe, Rhodesia\n"
	"Democratic Republic of the Congo, Zaire\n"
	"Bangladesh, East Pakistan\n"
	"Belarus, Byelorussia\n"
	"Moldova, Moldavia\n"
	"Kyrgyzstan, Kirghizia\n"
	"Mumbai, Bombay\n"
	"Kolkata, Calcutta\n"
	"Chennai, Madras\n"
	"Saint Petersburg, St. Petersburg, Leningrad, Petrograd\n"
	"Volgograd, Stalingrad\n"
	"Ho Chi Minh City, Saigon\n";

typedef struct group {
	char **expr;
	size_t n;
	int abbrev;    /* an abbreviation group: single words need capitals */
	uint64_t seq;  /* the order groups were added in, which lookups keep */
} group;

/* Where a waiting line is filed: under the first three bytes of each of
 * its expressions' first words, folded to lower case ("icb" for "ICBM");
 * see wonk_word_key and wonk_stem_keys. */
typedef struct filed {
	uint32_t key;
	uint32_t line;
} filed;

typedef struct waiting {
	size_t start, end; /* in the batch's text */
	uint64_t seq;
	int done;
} waiting;

/* Lines added together and not all analysed yet. */
typedef struct batch {
	char *text;
	wonk_analyzer *a;  /* NULL: the lines are stored stems (the built-in lists) */
	waiting *line;
	size_t nline;
	filed *by_key;     /* sorted by key, then line */
	size_t nkey;
	uint32_t *always;  /* lines every lookup takes */
	size_t nalways;
	int always_done;
} batch;

struct wonk_synonyms {
	group *g;          /* in the order analysed; seq gives the order added */
	size_t n, cap;
	size_t longest;    /* in words; for waiting lines, a bound */
	uint64_t seq;
	batch *b;
	size_t nb;
	const wonk_synonyms *base; /* consulted first (wonk_synonyms_over) */
};

wonk_synonyms *wonk_synonyms_new(void)
{
	return calloc(1, sizeof(wonk_synonyms));
}

void wonk_synonyms_free(wonk_synonyms *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		for (size_t j = 0; j < s->g[i].n; j++)
			free(s->g[i].expr[j]);
		free(s->g[i].expr);
	}
	for (size_t i = 0; i < s->nb; i++) {
		free(s->b[i].text);
		free(s->b[i].line);
		free(s->b[i].by_key);
		free(s->b[i].always);
	}
	free(s->b);
	free(s->g);
	free(s);
}

static size_t words_in(const char *e)
{
	size_t n = 1;
	for (; *e; e++)
		n += *e == ' ';
	return n;
}

/* Takes ownership of expr[0, n) (freeing them on failure).  seq is its
 * place among the groups, which lookups keep: a waiting line analysed
 * late keeps its place in the file. */
static int add_group_at(wonk_synonyms *s, char **expr, size_t n, int abbrev, uint64_t seq)
{
	if (n < 2) {
		for (size_t i = 0; i < n; i++)
			free(expr[i]);
		free(expr);
		return 0;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		group *g = realloc(s->g, cap * sizeof *g);
		if (!g) {
			for (size_t i = 0; i < n; i++)
				free(expr[i]);
			free(expr);
			return -1;
		}
		s->g = g;
		s->cap = cap;
	}
	s->g[s->n++] = (group){expr, n, abbrev, seq};
	for (size_t i = 0; i < n; i++)
		if (words_in(expr[i]) > s->longest)
			s->longest = words_in(expr[i]);
	return 0;
}

static int add_group(wonk_synonyms *s, char **expr, size_t n, int abbrev)
{
	return add_group_at(s, expr, n, abbrev, s->seq++);
}

int wonk_join_stems(void *ctx, const wonk_token *tok)
{
	wonk_buf *b = ctx;
	if (b->len)
		wonk_buf_append(b, " ", 1);
	wonk_buf_append(b, tok->stem, tok->stem_len);
	return 0;
}

/* One expression's stems joined, or NULL when it has no word (or out of
 * memory: *oom set). */
static char *expression(wonk_analyzer *a, const char *s, size_t n, int *oom)
{
	wonk_buf b = {0};
	if (wonk_analyze(a, s, n, 0, wonk_join_stems, &b, NULL) < 0 || b.failed) {
		*oom = 1;
		wonk_buf_free(&b);
		return NULL;
	}
	if (b.len == 0)
		return NULL;
	wonk_buf_append(&b, "", 1);
	if (b.failed) {
		*oom = 1;
		wonk_buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* Where a line's text ends: at a comment. */
static const char *line_stop(const char *p, const char *eol)
{
	const char *hash = memchr(p, '#', (size_t)(eol - p));
	return hash ? hash : eol;
}

/* One line of a synonyms file [p, eol) as a group, analysed with a. */
static int add_line(wonk_synonyms *s, wonk_analyzer *a, const char *p, const char *eol,
		    int abbrev, uint64_t seq)
{
	const char *stop = line_stop(p, eol);
	char **expr = NULL;
	size_t n = 0;
	int oom = 0;
	for (const char *q = p; q < stop && !oom;) {
		const char *sep = q;
		while (sep < stop && *sep != '=' && *sep != ',')
			sep++;
		char *e = expression(a, q, (size_t)(sep - q), &oom);
		if (e) {
			char **grown = realloc(expr, (n + 1) * sizeof *expr);
			if (!grown) {
				free(e);
				oom = 1;
			} else {
				expr = grown;
				expr[n++] = e;
			}
		}
		q = sep < stop ? sep + 1 : stop;
	}
	if (oom) {
		for (size_t i = 0; i < n; i++)
			free(expr[i]);
		free(expr);
		return -1;
	}
	return add_group_at(s, expr, n, abbrev, seq);
}

/* One stored line of the built-in lists' stems [p, eol): "~" first when
 * the group is not an abbreviation's, expressions separated by "=". */
static int add_stored_line(wonk_synonyms *s, const char *p, const char *eol, uint64_t seq)
{
	int abbrev = p == eol || *p != '~';
	p += !abbrev;
	char **expr = NULL;
	size_t n = 0;
	for (const char *q = p; q < eol;) {
		const char *sep = memchr(q, '=', (size_t)(eol - q));
		if (!sep)
			sep = eol;
		char **grown = realloc(expr, (n + 1) * sizeof *expr);
		char *e = grown ? wonk_strndup(q, (size_t)(sep - q)) : NULL;
		if (grown)
			expr = grown;
		if (!e) {
			for (size_t i = 0; i < n; i++)
				free(expr[i]);
			free(expr);
			return -1;
		}
		expr[n++] = e;
		q = sep < eol ? sep + 1 : eol;
	}
	return add_group_at(s, expr, n, abbrev, seq);
}

static int add_lines(wonk_synonyms *s, wonk_analyzer *a, const char *text, size_t len,
		     int abbrev)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (add_line(s, a, p, eol, abbrev, s->seq++) < 0)
			return -1;
		p = eol < end ? eol + 1 : end;
	}
	return 0;
}

static int ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 'a' - 'A') : c;
}

#define KEY(b0, b1, b2) ((uint32_t)(b0) << 16 | (uint32_t)(b1) << 8 | (uint32_t)(b2))

int wonk_word_key(const char *text, size_t len, uint32_t *key)
{
	const unsigned char *q = (const unsigned char *)text, *end = q + len;
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
		q++;
	if (q == end)
		return -1;
	if (!ascii_alnum(q[0]))
		return 0;
	unsigned char k[3] = {lower(q[0]), WONK_KEY_END, WONK_KEY_END};
	for (int i = 1; i < 3; i++) {
		if (q + i == end || q[i] == ' ' || q[i] == '\t' || q[i] == '\r')
			break;
		if (q[i] >= 0x80) {
			/* The word goes on beyond ASCII: its stem is known by
			 * the bytes before. */
			k[i] = k[2] = WONK_KEY_ANY;
			break;
		}
		if (!ascii_alnum(q[i]))
			return 0;
		k[i] = lower(q[i]);
	}
	/* A word too long to be a term is dropped: its line goes to every
	 * lookup. */
	const unsigned char *w = q;
	while (w < end && ascii_alnum(*w))
		w++;
	if (w - q > 64)
		return 0;
	*key = KEY(k[0], k[1], k[2]);
	return 1;
}

size_t wonk_stem_keys(const char *stem, uint32_t lo[WONK_STEM_KEYS], uint32_t hi[WONK_STEM_KEYS])
{
	const unsigned char *u = (const unsigned char *)stem;
	size_t n = 0, len = strlen(stem);
	if (len == 0)
		return 0;
#define TAKE(a, b) (lo[n] = (a), hi[n] = (b), n++)
	if (len == 1)
		return TAKE(KEY(u[0], 0x00, 0x00), KEY(u[0], 0xFF, 0xFF)), n;
	/* A word beyond ASCII after its first byte. */
	TAKE(KEY(u[0], WONK_KEY_ANY, WONK_KEY_ANY), KEY(u[0], WONK_KEY_ANY, WONK_KEY_ANY));
	if (len == 2) {
		/* "being", "doing", "going": a longer word, cut to two. */
		TAKE(KEY(u[0], u[1], 0x00), KEY(u[0], u[1], 0xFF));
		return n;
	}
	TAKE(KEY(u[0], u[1], u[2]), KEY(u[0], u[1], u[2]));
	TAKE(KEY(u[0], u[1], WONK_KEY_ANY), KEY(u[0], u[1], WONK_KEY_ANY));
	/* Snowball turns a final y into i ("cry", "cri"), and "skies" into
	 * "sky"; cuts "-ing" from a short word and adds e ("using", "use");
	 * makes "dying", "lying" and "tying" "die", "lie", "tie". */
	if (u[2] == 'i')
		TAKE(KEY(u[0], u[1], 'y'), KEY(u[0], u[1], 'y'));
	if (u[2] == 'y' || u[2] == 'e')
		TAKE(KEY(u[0], u[1], 'i'), KEY(u[0], u[1], 'i'));
	if (u[1] == 'i' && u[2] == 'e')
		TAKE(KEY(u[0], 'y', 'i'), KEY(u[0], 'y', 'i'));
#undef TAKE
	return n;
}

/* A stored stems expression [q, end): its first stem's key, exactly. */
static int stem_key(const unsigned char *q, const unsigned char *end, uint32_t *key)
{
	if (q == end)
		return -1;
	unsigned char k[3] = {q[0], WONK_KEY_END, WONK_KEY_END};
	for (int i = 1; i < 3 && q + i < end && q[i] != ' '; i++)
		k[i] = q[i];
	*key = KEY(k[0], k[1], k[2]);
	return 1;
}

/* Sorts filed lines by key, keeping each key's lines in order: three
 * passes of a counting sort on the key's bytes (a file's lines number in
 * the thousands, and qsort took a millisecond over them). */
static int sort_filed(filed *v, size_t n)
{
	if (n < 2)
		return 0;
	filed *tmp = malloc(n * sizeof *tmp);
	if (!tmp)
		return -1;
	for (int shift = 0; shift < 24; shift += 8) {
		size_t count[257] = {0};
		for (size_t i = 0; i < n; i++)
			count[(v[i].key >> shift & 0xFF) + 1]++;
		for (int k = 0; k < 256; k++)
			count[k + 1] += count[k];
		for (size_t i = 0; i < n; i++)
			tmp[count[v[i].key >> shift & 0xFF]++] = v[i];
		memcpy(v, tmp, n * sizeof *v);
	}
	free(tmp);
	return 0;
}

/* Appends to a growing array of elements of size each. */
static int push(void *arrayp, size_t *n, size_t *cap, size_t each, const void *x)
{
	char **array = arrayp;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 256;
		char *grown = realloc(*array, c * each);
		if (!grown)
			return -1;
		*array = grown;
		*cap = c;
	}
	memcpy(*array + *n * each, x, each);
	(*n)++;
	return 0;
}

/* Files the lines of text[skip, len) to wait for a lookup that needs them
 * (a: the analyzer for a synonyms file; NULL for stored stems). */
static int wait_lines(wonk_synonyms *s, wonk_analyzer *a, const char *text, size_t len,
		      size_t skip)
{
	batch *grown = realloc(s->b, (s->nb + 1) * sizeof *s->b);
	if (!grown)
		return -1;
	s->b = grown;
	batch *b = &s->b[s->nb];
	memset(b, 0, sizeof *b);
	b->a = a;
	b->text = malloc(len ? len : 1);
	if (!b->text)
		return -1;
	memcpy(b->text, text, len);
	s->nb++;
	size_t line_cap = 0, key_cap = 0, always_cap = 0;
	const char *p = b->text + skip, *end = b->text + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *stop = a ? line_stop(p, eol) : eol;
		const char *q = p + (!a && p < stop && *p == '~');
		uint32_t id = (uint32_t)b->nline;
		size_t first = b->nkey;
		int always = 0;
		while (q < stop) {
			/* The expression's end, and how many words it can hold:
			 * a word starts with an ASCII letter or digit after
			 * another byte, or with a byte beyond ASCII (stored
			 * stems are one to a space). */
			const char *sep = q;
			size_t words = 1;
			if (a) {
				words = 0;
				int in_word = 0;
				for (; sep < stop && *sep != '=' && *sep != ','; sep++) {
					unsigned char c = (unsigned char)*sep;
					int alnum = ascii_alnum(c);
					words += c >= 0xC0 || (alnum && !in_word);
					in_word = alnum;
				}
			} else {
				for (; sep < stop && *sep != '='; sep++)
					words += *sep == ' ';
			}
			if (words > s->longest)
				s->longest = words;
			uint32_t key = 0;
			int filed_it = a ? wonk_word_key(q, (size_t)(sep - q), &key)
					 : stem_key((const unsigned char *)q, (const unsigned char *)sep, &key);
			filed f = {key, id};
			if (filed_it == 0)
				always = 1;
			else if (filed_it > 0 && !always &&
				 push(&b->by_key, &b->nkey, &key_cap, sizeof f, &f) < 0)
				return -1;
			q = sep < stop ? sep + 1 : stop;
		}
		if (always) {
			b->nkey = first;
			if (push(&b->always, &b->nalways, &always_cap, sizeof id, &id) < 0)
				return -1;
		}
		waiting w = {(size_t)(p - b->text), (size_t)(eol - b->text), s->seq++, 0};
		if (push(&b->line, &b->nline, &line_cap, sizeof w, &w) < 0)
			return -1;
		p = eol < end ? eol + 1 : end;
	}
	return sort_filed(b->by_key, b->nkey);
}

static int take_line(wonk_synonyms *s, batch *b, uint32_t id)
{
	waiting *w = &b->line[id];
	if (w->done)
		return 0;
	w->done = 1;
	const char *p = b->text + w->start, *eol = b->text + w->end;
	return b->a ? add_line(s, b->a, p, eol, 0, w->seq) : add_stored_line(s, p, eol, w->seq);
}

/* Takes the lines filed under keys [lo, hi]. */
static int take_keys(wonk_synonyms *s, batch *b, uint32_t lo, uint32_t hi)
{
	size_t l = 0, r = b->nkey;
	while (l < r) {
		size_t m = l + (r - l) / 2;
		if (b->by_key[m].key < lo)
			l = m + 1;
		else
			r = m;
	}
	for (size_t i = l; i < b->nkey && b->by_key[i].key <= hi; i++)
		if (take_line(s, b, b->by_key[i].line) < 0)
			return -1;
	return 0;
}

/* Analyses the waiting lines that could hold an expression whose first
 * stem is stem. */
static int take_for(const wonk_synonyms *cs, const char *stem)
{
	/* The lines are the set's own, added before any lookup: taking them
	 * late changes no lookup's answer, so a const set may take them. */
	wonk_synonyms *s = (wonk_synonyms *)cs;
	uint32_t lo[WONK_STEM_KEYS], hi[WONK_STEM_KEYS];
	size_t nkeys = wonk_stem_keys(stem, lo, hi);
	for (size_t i = 0; i < s->nb && nkeys; i++) {
		batch *b = &s->b[i];
		if (!b->always_done) {
			b->always_done = 1;
			for (size_t k = 0; k < b->nalways; k++)
				if (take_line(s, b, b->always[k]) < 0)
					return -1;
		}
		for (size_t k = 0; k < nkeys; k++)
			if (take_keys(s, b, lo[k], hi[k]) < 0)
				return -1;
	}
	return 0;
}

int wonk_synonyms_add_text(wonk_synonyms *s, wonk_analyzer *a, const char *text, size_t len)
{
	return wait_lines(s, a, text, len, 0);
}

int wonk_synonyms_add_defaults(wonk_synonyms *s, wonk_analyzer *a)
{
	if (add_lines(s, a, default_list, sizeof default_list - 1, 1) < 0)
		return -1;
	return add_lines(s, a, place_list, sizeof place_list - 1, 0);
}

/* The first line of the stored lists: "v" and the built-in lists' hash. */
static void defaults_version(char out[18])
{
	uint64_t h = wonk_hash64(default_list, sizeof default_list - 1) ^
		     wonk_hash64(place_list, sizeof place_list - 1) * 31;
	snprintf(out, 18, "v%016" PRIx64, h);
}

char *wonk_synonyms_defaults_stemmed(wonk_analyzer *a, size_t *len)
{
	wonk_synonyms *s = wonk_synonyms_new();
	wonk_buf b = {0};
	char v[18];
	if (!s || wonk_synonyms_add_defaults(s, a) < 0) {
		wonk_synonyms_free(s);
		return NULL;
	}
	defaults_version(v);
	wonk_buf_append(&b, v, strlen(v));
	for (size_t i = 0; i < s->n; i++) {
		/* "~" starts a group that is not an abbreviation's. */
		wonk_buf_append(&b, s->g[i].abbrev ? "\n" : "\n~", s->g[i].abbrev ? 1 : 2);
		for (size_t j = 0; j < s->g[i].n; j++) {
			if (j)
				wonk_buf_append(&b, "=", 1);
			wonk_buf_append(&b, s->g[i].expr[j], strlen(s->g[i].expr[j]));
		}
	}
	wonk_buf_append(&b, "", 1);
	wonk_synonyms_free(s);
	if (b.failed) {
		wonk_buf_free(&b);
		return NULL;
	}
	*len = b.len - 1;
	return b.data;
}

int wonk_synonyms_add_stemmed_defaults(wonk_synonyms *s, const char *text, size_t len)
{
	char v[18];
	defaults_version(v);
	if (len < 17 || memcmp(text, v, 17) != 0 || (len > 17 && text[17] != '\n'))
		return 1;
	/* A stored group holds stems only: no analysis, no '#', no ','. */
	for (size_t i = 17; i < len; i++)
		if (text[i] == '#' || text[i] == ',' || text[i] == '\0')
			return 1;
	return len > 18 ? wait_lines(s, NULL, text, len, 18) : 0;
}

int wonk_synonyms_add_pair(wonk_synonyms *s, const char *a, const char *b)
{
	char **expr = malloc(2 * sizeof *expr);
	if (!expr)
		return -1;
	expr[0] = wonk_strndup(a, strlen(a));
	expr[1] = wonk_strndup(b, strlen(b));
	if (!expr[0] || !expr[1]) {
		free(expr[0]);
		free(expr[1]);
		free(expr);
		return -1;
	}
	return add_group(s, expr, 2, 1);
}

/* Does expression e equal the stems joined by spaces? */
static int same(const char *e, const char *const *stems, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(stems[i]);
		if (strncmp(e, stems[i], len) != 0)
			return 0;
		e += len;
		if (i + 1 < n) {
			if (*e != ' ')
				return 0;
			e++;
		}
	}
	return *e == '\0';
}

wonk_synonyms *wonk_synonyms_over(const wonk_synonyms *base)
{
	wonk_synonyms *s = wonk_synonyms_new();
	if (s)
		s->base = base;
	return s;
}

static int by_seq(const void *x, const void *y)
{
	const group *a = *(const group *const *)x, *b = *(const group *const *)y;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

int wonk_synonyms_each(const wonk_synonyms *s, const char *const *stems, size_t n,
		       int as_abbrev, wonk_synonym_fn fn, void *ctx)
{
	if (s && s->base) {
		int rc = wonk_synonyms_each(s->base, stems, n, as_abbrev, fn, ctx);
		if (rc)
			return rc;
	}
	if (!s || n == 0)
		return 0;
	if (take_for(s, stems[0]) < 0)
		return -1;
	/* The groups that hold the expression, in the order they were added. */
	const group *few[16], **hits = few;
	size_t nhits = 0, cap = sizeof few / sizeof few[0];
	for (size_t i = 0; i < s->n; i++) {
		const group *g = &s->g[i];
		if (g->abbrev && n == 1 && !as_abbrev)
			continue;
		int holds = 0;
		/* The first byte turns away nearly every expression cheaply. */
		for (size_t j = 0; j < g->n && !holds; j++)
			holds = g->expr[j][0] == stems[0][0] && same(g->expr[j], stems, n);
		if (!holds)
			continue;
		if (nhits == cap) {
			const group **grown = malloc(2 * cap * sizeof *grown);
			if (!grown) {
				if (hits != few)
					free(hits);
				return -1;
			}
			memcpy(grown, hits, nhits * sizeof *hits);
			if (hits != few)
				free(hits);
			hits = grown;
			cap *= 2;
		}
		hits[nhits++] = g;
	}
	qsort(hits, nhits, sizeof *hits, by_seq);
	int rc = 0;
	for (size_t h = 0; h < nhits && !rc; h++) {
		const group *g = hits[h];
		size_t hit = 0;
		while (!(g->expr[hit][0] == stems[0][0] && same(g->expr[hit], stems, n)))
			hit++;
		for (size_t j = 0; j < g->n && !rc; j++)
			if (j != hit && strcmp(g->expr[j], g->expr[hit]) != 0)
				rc = fn(ctx, g->expr[j]);
	}
	if (hits != few)
		free(hits);
	return rc;
}

size_t wonk_synonyms_longest(const wonk_synonyms *s)
{
	if (!s)
		return 0;
	size_t under = wonk_synonyms_longest(s->base);
	return under > s->longest ? under : s->longest;
}
