/*
 * synonyms.c - see synonyms.h.
 *
 * Every expression is kept as its stems joined by single spaces, the form
 * in which a run of query words is compared; groups are small and few (a
 * few hundred), so a linear scan per lookup costs microseconds.
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
} group;

struct wonk_synonyms {
	group *g;
	size_t n, cap;
	size_t longest;
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

/* Takes ownership of expr[0, n) (freeing them on failure). */
static int add_group(wonk_synonyms *s, char **expr, size_t n, int abbrev)
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
	s->g[s->n++] = (group){expr, n, abbrev};
	for (size_t i = 0; i < n; i++)
		if (words_in(expr[i]) > s->longest)
			s->longest = words_in(expr[i]);
	return 0;
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

static int add_lines(wonk_synonyms *s, wonk_analyzer *a, const char *text, size_t len,
		     int abbrev)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *hash = memchr(p, '#', (size_t)(eol - p));
		const char *stop = hash ? hash : eol;
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
		if (add_group(s, expr, n, abbrev) < 0)
			return -1;
		p = eol < end ? eol + 1 : end;
	}
	return 0;
}

int wonk_synonyms_add_text(wonk_synonyms *s, wonk_analyzer *a, const char *text, size_t len)
{
	return add_lines(s, a, text, len, 0);
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
	const char *p = text + 17, *end = text + len;
	while (p < end) {
		p++; /* the newline */
		int abbrev = p == end || *p != '~';
		p += !abbrev;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
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
		if (add_group(s, expr, n, abbrev) < 0)
			return -1;
		p = eol;
	}
	return 0;
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

int wonk_synonyms_each(const wonk_synonyms *s, const char *const *stems, size_t n,
		       int as_abbrev, wonk_synonym_fn fn, void *ctx)
{
	if (s && s->base) {
		int rc = wonk_synonyms_each(s->base, stems, n, as_abbrev, fn, ctx);
		if (rc)
			return rc;
	}
	for (size_t i = 0; s && n > 0 && i < s->n; i++) {
		const group *g = &s->g[i];
		if (g->abbrev && n == 1 && !as_abbrev)
			continue;
		size_t hit = g->n;
		/* The first byte turns away nearly every expression cheaply. */
		for (size_t j = 0; j < g->n && hit == g->n; j++)
			if (g->expr[j][0] == stems[0][0] && same(g->expr[j], stems, n))
				hit = j;
		if (hit == g->n)
			continue;
		for (size_t j = 0; j < g->n; j++) {
			if (j == hit || strcmp(g->expr[j], g->expr[hit]) == 0)
				continue;
			int rc = fn(ctx, g->expr[j]);
			if (rc)
				return rc;
		}
	}
	return 0;
}

size_t wonk_synonyms_longest(const wonk_synonyms *s)
{
	if (!s)
		return 0;
	size_t under = wonk_synonyms_longest(s->base);
	return under > s->longest ? under : s->longest;
}
