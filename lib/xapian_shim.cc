/*
 * xapian_shim.cc - the only C++ in wonk and the only file that includes
 * Xapian.  Each extern "C" function does one Xapian thing inside a try block;
 * every exception becomes a wonk_status and a malloc'ed message, so nothing
 * C++ ever crosses into C.  No policy lives here.
 */
#include <xapian.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "layout.h"
#include "xapian_shim.h"

/* A local database's version file as the filesystem shows it: glass
 * writes a new one, under a new inode, at every commit. */
struct version_sig {
	dev_t dev = 0;
	ino_t ino = 0;
	long long mtime_ns = 0;
	off_t size = 0;
	bool operator==(const version_sig &o) const
	{
		return dev == o.dev && ino == o.ino && mtime_ns == o.mtime_ns && size == o.size;
	}
};

static version_sig version_of(const std::string &dir)
{
	version_sig v;
	struct stat st;
	if (stat((dir + "/iamglass").c_str(), &st) == 0) {
		v.dev = st.st_dev;
		v.ino = st.st_ino;
		v.mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
		v.size = st.st_size;
	}
	return v;
}

struct wonk_xdb {
	Xapian::Database *db;           /* the reader view (also the writer) */
	Xapian::WritableDatabase *wdb;  /* NULL when opened to read */
	bool in_txn;
	bool remote;                    /* served, at least in part, from elsewhere */
	/* A reader over several databases: each of them, for metadata,
	 * which Xapian reads from the first alone. */
	std::vector<Xapian::Database> parts;
	/* Where a reader is opened afresh from (wonk_xdb_reopen): a local
	 * one's directory, or each part's ("" for a remote part). */
	std::string dir;
	std::vector<std::string> part_dirs;
	/* The version file each was opened at (taken before opening, so a
	 * commit in between only makes the view look older than it is). */
	version_sig seen;
	std::vector<version_sig> part_seen;
};

struct wonk_xdoc {
	Xapian::Document doc;
};

static char *dup_message(const std::string &s)
{
	char *m = static_cast<char *>(malloc(s.size() + 1));
	if (m)
		memcpy(m, s.c_str(), s.size() + 1);
	return m;
}

static char *dup_string(const std::string &s)
{
	char *p = static_cast<char *>(malloc(s.size() + 1));
	if (!p)
		throw std::bad_alloc();
	memcpy(p, s.data(), s.size());
	p[s.size()] = '\0';
	return p;
}

static void set_err(char **err, const std::string &msg)
{
	if (err) {
		free(*err);
		*err = dup_message(msg);
	}
}

/* A passage's record is a value (WONK_SLOT_RECORD), not the document's
 * data: glass tries to deflate every data and termlist entry it writes,
 * and the records come already packed (pack.h), so that was wasted work
 * on the writing thread (a fifth of a build); values sit in the postlist
 * table, which glass does not compress.  Reading one costs the same. */
static std::string record_of(const Xapian::Document &doc)
{
	std::string r = doc.get_value(WONK_SLOT_RECORD);
	/* Format 3 kept it as the data. */
	return r.empty() ? doc.get_data() : r;
}

/* Maps whatever was thrown to a status; called from a catch (...) block. */
static wonk_status translate(char **err)
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		set_err(err, "index is locked by another writer");
		return WONK_ERR_LOCKED;
	} catch (const Xapian::DatabaseNotFoundError &e) {
		set_err(err, "no index found (" + e.get_msg() + ")");
		return WONK_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseCorruptError &e) {
		set_err(err, "index is damaged: " + e.get_msg());
		return WONK_ERR_CORRUPT;
	} catch (const Xapian::DatabaseModifiedError &e) {
		set_err(err, "index was modified during the search: " + e.get_msg());
		return WONK_ERR_MODIFIED;
	} catch (const Xapian::DocNotFoundError &e) {
		/* Readers only look up documents the index just listed: one
		 * that is gone was deleted by a writer since. */
		set_err(err, "index was modified during the search: " + e.get_msg());
		return WONK_ERR_MODIFIED;
	} catch (const Xapian::DatabaseVersionError &e) {
		set_err(err, "index format not supported: " + e.get_msg());
		return WONK_ERR_VERSION;
	} catch (const Xapian::DatabaseOpeningError &e) {
		set_err(err, "cannot open index: " + e.get_msg());
		return WONK_ERR_NOT_FOUND;
	} catch (const Xapian::NetworkTimeoutError &e) {
		set_err(err, "no answer from the server: " + e.get_msg());
		return WONK_ERR_IO;
	} catch (const Xapian::NetworkError &e) {
		set_err(err, "cannot reach the server: " + e.get_msg() +
				     (e.get_error_string()
					      ? std::string(" (") + e.get_error_string() + ")"
					      : std::string()));
		return WONK_ERR_IO;
	} catch (const Xapian::DatabaseError &e) {
		/* What is left of DatabaseError once its subclasses are caught
		 * is a table that cannot be read as written ("EOF reading
		 * block", bad checksums): damage, as far as a user can tell. */
		set_err(err, "index is damaged: " + e.get_msg() +
				     (e.get_error_string()
					      ? std::string(" (") + e.get_error_string() + ")"
					      : std::string()));
		return WONK_ERR_CORRUPT;
	} catch (const Xapian::Error &e) {
		set_err(err, e.get_description());
		return WONK_ERR_XAPIAN;
	} catch (const std::bad_alloc &) {
		set_err(err, "out of memory");
		return WONK_ERR_NO_MEMORY;
	} catch (const std::exception &e) {
		set_err(err, e.what());
		return WONK_ERR_XAPIAN;
	} catch (...) {
		set_err(err, "unknown error in the index engine");
		return WONK_ERR_XAPIAN;
	}
}

extern "C" wonk_status wonk_xdb_open(const char *dir, unsigned flags,
				     wonk_xdb **out, char **err)
{
	*out = NULL;
	wonk_xdb *x = NULL;
	try {
		std::unique_ptr<wonk_xdb> h(new wonk_xdb());
		if (flags & WONK_OPEN_WRITE) {
			int action = !(flags & WONK_OPEN_CREATE) ? Xapian::DB_OPEN
				     : (flags & WONK_OPEN_TRUNCATE) ? Xapian::DB_CREATE_OR_OVERWRITE
				     : Xapian::DB_CREATE_OR_OPEN;
			if (flags & WONK_OPEN_WAIT)
				action |= Xapian::DB_RETRY_LOCK;
			/* Commits are not synced by Xapian: every commit of a
			 * build waited on the disk (10x corpus: 15 s -> 13 s
			 * without).  wonk_index_commit() syncs the files
			 * itself (wonk_sync_dir), so what it returns from is
			 * durable; the batches committed on the way are as
			 * safe from a killed process as before, and a power
			 * cut during a build may cost a rebuild. */
			h->wdb = new Xapian::WritableDatabase(dir, action | Xapian::DB_BACKEND_GLASS |
								   Xapian::DB_NO_SYNC);
			h->db = h->wdb;
		} else {
			h->wdb = NULL;
			h->seen = version_of(dir);
			h->db = new Xapian::Database(dir);
			h->dir = dir;
		}
		h->in_txn = false;
		x = h.release();
	} catch (...) {
		return translate(err);
	}
	*out = x;
	return WONK_OK;
}

/* Wraps a reader just opened (remote or combined) in a handle. */
static wonk_status adopt_reader(const Xapian::Database &opened, bool remote, wonk_xdb **out,
				 const std::vector<Xapian::Database> &parts = {},
				 const std::vector<std::string> &part_dirs = {},
				 const std::vector<version_sig> &part_seen = {})
{
	std::unique_ptr<wonk_xdb> h(new wonk_xdb());
	h->parts = parts;
	h->part_dirs = part_dirs;
	h->part_seen = part_seen;
	h->db = new Xapian::Database(opened);
	h->wdb = NULL;
	h->in_txn = false;
	h->remote = remote;
	*out = h.release();
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_open_tcp(const char *host, unsigned port,
					 unsigned timeout_ms, wonk_xdb **out, char **err)
{
	*out = NULL;
	try {
		return adopt_reader(Xapian::Remote::open(host, port, timeout_ms, timeout_ms), true, out);
	} catch (...) {
		return translate(err);
	}
}

extern "C" wonk_status wonk_xdb_open_prog(const char *program, const char *args,
					  unsigned timeout_ms, wonk_xdb **out, char **err)
{
	*out = NULL;
	try {
		return adopt_reader(Xapian::Remote::open(program, args, timeout_ms), true, out);
	} catch (...) {
		return translate(err);
	}
}

extern "C" wonk_status wonk_xdb_combine(wonk_xdb *const *parts, size_t n, wonk_xdb **out,
					char **err)
{
	*out = NULL;
	try {
		Xapian::Database all;
		std::vector<Xapian::Database> each;
		std::vector<std::string> dirs;
		std::vector<version_sig> seen;
		bool remote = false;
		for (size_t i = 0; i < n; i++) {
			all.add_database(*parts[i]->db);
			each.push_back(*parts[i]->db);
			dirs.push_back(parts[i]->dir);
			seen.push_back(parts[i]->seen);
			remote = remote || parts[i]->remote;
		}
		return adopt_reader(all, remote, out, each, dirs, seen);
	} catch (...) {
		return translate(err);
	}
}

namespace {
/* Hands a metadata key that several inputs hold to the caller's rule.
 * (Nothing may be thrown from here: Xapian's compactor leaks when it is.) */
class MetadataMerger : public Xapian::Compactor {
	wonk_xdb_pick_fn pick;
	void *ctx;

public:
	MetadataMerger(wonk_xdb_pick_fn fn, void *c) : pick(fn), ctx(c) {}
	std::string resolve_duplicate_metadata(const std::string &key, size_t n,
					       const std::string tags[]) override
	{
		std::vector<const char *> vals(n);
		std::vector<size_t> lens(n);
		for (size_t i = 0; i < n; i++) {
			vals[i] = tags[i].c_str();
			lens[i] = tags[i].size();
		}
		/* Glass hands over the key as its table stores it, behind
		 * the two bytes that mark user metadata. */
		std::string bare = key.compare(0, 2, std::string("\0\xc0", 2)) == 0 ? key.substr(2)
											: key;
		size_t k = pick(ctx, bare.c_str(), vals.data(), lens.data(), n);
		return tags[k < n ? k : 0];
	}
};
} // namespace

extern "C" wonk_status wonk_xdb_compact(const char *const *dirs, size_t n, const char *out,
					wonk_xdb_pick_fn pick, void *ctx, char **err)
{
	try {
		Xapian::Database all;
		for (size_t i = 0; i < n; i++)
			all.add_database(Xapian::Database(dirs[i]));
		MetadataMerger merger(pick, ctx);
		all.compact(out, Xapian::DBCOMPACT_MULTIPASS, 0, merger);
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" void wonk_xdb_close(wonk_xdb *db)
{
	if (!db)
		return;
	try {
		/* Closing a WritableDatabase would commit: an open transaction
		 * is abandoned instead, so a failed run never half-lands. */
		if (db->wdb && db->in_txn)
			db->wdb->cancel_transaction();
	} catch (...) {
	}
	delete db->db;
	delete db;
}

/* A local reader is opened afresh rather than reopened: glass's reopen()
 * takes the new revision from the version file before it opens each table
 * at it, so one that fails part way (a table's root overwritten by two
 * more commits meanwhile) leaves tables at different revisions, and every
 * later reopen() finds the revision unchanged and keeps them so: the
 * reader then misses passages it has just found, with no error.  An open
 * either succeeds whole or throws and leaves the handle as it was. */
extern "C" wonk_status wonk_xdb_reopen(wonk_xdb *db, char **err)
{
	try {
		if (!db->dir.empty()) {
			version_sig v = version_of(db->dir);
			*db->db = Xapian::Database(db->dir);
			db->seen = v;
		} else if (!db->part_dirs.empty()) {
			Xapian::Database all;
			std::vector<Xapian::Database> each;
			std::vector<version_sig> seen;
			for (size_t i = 0; i < db->part_dirs.size(); i++) {
				seen.push_back(db->part_dirs[i].empty() ? version_sig()
									: version_of(db->part_dirs[i]));
				if (db->part_dirs[i].empty()) {
					each.push_back(db->parts[i]);
					each.back().reopen(); /* remote: the server reopens */
				} else {
					each.push_back(Xapian::Database(db->part_dirs[i]));
				}
				all.add_database(each.back());
			}
			*db->db = all;
			db->parts = each;
			db->part_seen = seen;
		} else {
			db->db->reopen();
		}
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" int wonk_xdb_behind(const wonk_xdb *db)
{
	if (!db->dir.empty())
		return !(version_of(db->dir) == db->seen);
	for (size_t i = 0; i < db->part_dirs.size() && i < db->part_seen.size(); i++)
		if (!db->part_dirs[i].empty() && !(version_of(db->part_dirs[i]) == db->part_seen[i]))
			return 1;
	return 0;
}

extern "C" wonk_status wonk_xdb_begin(wonk_xdb *db, char **err)
{
	try {
		db->wdb->begin_transaction(true);
		db->in_txn = true;
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_commit(wonk_xdb *db, char **err)
{
	try {
		if (db->in_txn) {
			db->in_txn = false;
			db->wdb->commit_transaction();
		} else {
			db->wdb->commit();
		}
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_cancel(wonk_xdb *db, char **err)
{
	try {
		if (db->in_txn) {
			db->in_txn = false;
			db->wdb->cancel_transaction();
		}
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" int wonk_xdb_in_transaction(const wonk_xdb *db)
{
	return db->in_txn;
}

extern "C" wonk_status wonk_xdb_add(wonk_xdb *db, const wonk_xdoc *doc, char **err)
{
	try {
		db->wdb->add_document(doc->doc);
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_delete_term(wonk_xdb *db, const char *term, char **err)
{
	try {
		db->wdb->delete_document(std::string(term));
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_get_meta(wonk_xdb *db, const char *key, char **val,
					 size_t *len, char **err)
{
	*val = NULL;
	*len = 0;
	try {
		/* Over several databases, the first that holds the key
		 * answers (a record's dictionary is in its own shard). */
		std::string v = db->db->get_metadata(key);
		for (size_t i = 0; v.empty() && i < db->parts.size(); i++)
			v = db->parts[i].get_metadata(key);
		if (v.empty())
			return WONK_OK;
		char *p = static_cast<char *>(malloc(v.size() + 1));
		if (!p)
			throw std::bad_alloc();
		memcpy(p, v.data(), v.size());
		p[v.size()] = '\0';
		*val = p;
		*len = v.size();
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_set_meta(wonk_xdb *db, const char *key, const char *val,
					 size_t len, char **err)
{
	try {
		db->wdb->set_metadata(key, std::string(val, len));
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_meta_keys(wonk_xdb *db, const char *prefix,
					  wonk_xdb_key_fn fn, void *ctx, char **err)
{
	try {
		for (Xapian::TermIterator k = db->db->metadata_keys_begin(prefix);
		     k != db->db->metadata_keys_end(prefix); ++k) {
			const std::string key = *k;
			if (fn(ctx, key.c_str(), key.size()))
				break;
		}
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_doccount(wonk_xdb *db, uint64_t *n, char **err)
{
	try {
		*n = db->db->get_doccount();
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_count_prefix(wonk_xdb *db, const char *prefix,
					     uint64_t *n, char **err)
{
	*n = 0;
	try {
		for (Xapian::TermIterator t = db->db->allterms_begin(prefix);
		     t != db->db->allterms_end(prefix); ++t)
			++*n;
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_each_term(wonk_xdb *db, const char *prefix,
					  wonk_xdb_term_fn fn, void *ctx, char **err)
{
	try {
		Xapian::TermIterator t = db->db->allterms_begin(prefix);
		while (t != db->db->allterms_end(prefix)) {
			const std::string term = *t;
			if (fn(ctx, term.c_str(), term.size(), t.get_termfreq()))
				break;
			/* Straight to the next word: ++ walks through every
			 * chunk of this word's posting list, so a scan read
			 * the postings of every word it passed, and grew with
			 * the corpus (a typo's suggestion: 10 ms at 10x). */
			t.skip_to(term + '\0');
		}
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_termfreq(wonk_xdb *db, const char *term, uint64_t *freq,
					 char **err)
{
	*freq = 0;
	try {
		*freq = db->db->get_termfreq(term);
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_values(wonk_xdb *db, unsigned slot, const unsigned *docids,
				    size_t n, char **values, char **err)
{
	for (size_t k = 0; k < n; k++)
		values[k] = NULL;
	try {
		/* Locally, one value stream walked forward: a slot's values
		 * sit together, so neighbours share blocks (a remote server
		 * serves documents, not streams, and a stream cannot go back). */
		Xapian::ValueIterator v, end;
		if (!db->remote)
			v = db->db->valuestream_begin(slot);
		Xapian::docid at = 0;
		for (size_t k = 0; k < n; k++) {
			std::string got;
			if (db->remote || docids[k] < at) {
				got = db->db->get_document(docids[k], Xapian::DOC_ASSUME_VALID)
					      .get_value(slot);
			} else {
				at = docids[k];
				if (v != end)
					v.skip_to(at);
				if (v != end && v.get_docid() == at)
					got = *v;
			}
			if (!got.empty())
				values[k] = dup_string(got);
		}
	} catch (...) {
		for (size_t k = 0; k < n; k++) {
			free(values[k]);
			values[k] = NULL;
		}
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_first_with(wonk_xdb *db, const char *term, unsigned *docid,
				       char **err)
{
	*docid = 0;
	try {
		Xapian::PostingIterator p = db->db->postlist_begin(term);
		if (p != db->db->postlist_end(term))
			*docid = *p;
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_data_before(wonk_xdb *db, unsigned docid, unsigned back,
					    char **data, size_t *len, char **err)
{
	*data = NULL;
	*len = 0;
	try {
		/* Shards interleave ids: the k-th of n holds n*(i-1)+k. */
		uint64_t step = db->db->size() ? db->db->size() : 1;
		if ((uint64_t)back * step >= docid)
			return WONK_OK;
		Xapian::docid want = docid - static_cast<Xapian::docid>(back * step);
		/* Assumed valid: checking would read the document's length
		 * from another part of the B-tree, one more block a card;
		 * a passage that is not there has no record. */
		std::string d = record_of(db->db->get_document(want, Xapian::DOC_ASSUME_VALID));
		if (d.empty())
			return WONK_OK;
		*data = dup_string(d);
		*len = d.size();
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

/* Body words only: prefixed terms start with a capital letter. */
struct body_terms : Xapian::ExpandDecider {
	bool operator()(const std::string &term) const override
	{
		return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && term.size() > 2;
	}
};

extern "C" wonk_status wonk_xdb_expand(wonk_xdb *db, const char *doc_term,
				       const char ordinal[4], unsigned n, char ***terms,
				       size_t *nterms, char **err)
{
	*terms = NULL;
	*nterms = 0;
	char **out = NULL;
	size_t got = 0;
	try {
		Xapian::RSet rset;
		const std::string want(ordinal, 4);
		for (Xapian::PostingIterator p = db->db->postlist_begin(doc_term);
		     p != db->db->postlist_end(doc_term); ++p)
			if (db->db->get_document(*p).get_value(WONK_SLOT_ORDINAL) == want) {
				rset.add_document(*p);
				break;
			}
		if (rset.empty())
			return WONK_OK;
		Xapian::Enquire enq(*db->db);
		body_terms decider;
		/* Exact term frequencies: across shards Xapian would
		 * otherwise estimate them from the passage's own shard. */
		Xapian::ESet eset = enq.get_eset(n, rset, Xapian::Enquire::USE_EXACT_TERMFREQ,
						 &decider);
		out = static_cast<char **>(calloc(eset.size() ? eset.size() : 1, sizeof *out));
		if (!out)
			throw std::bad_alloc();
		for (Xapian::ESetIterator t = eset.begin(); t != eset.end(); ++t)
			out[got++] = dup_string(*t);
	} catch (...) {
		for (size_t i = 0; i < got; i++)
			free(out[i]);
		free(out);
		return translate(err);
	}
	*terms = out;
	*nterms = got;
	return WONK_OK;
}

extern "C" wonk_xdoc *wonk_xdoc_new(void)
{
	return new (std::nothrow) wonk_xdoc();
}

extern "C" void wonk_xdoc_free(wonk_xdoc *doc)
{
	delete doc;
}

extern "C" int wonk_xdoc_add_posting(wonk_xdoc *doc, const char *term, size_t len,
				     uint32_t pos)
{
	try {
		doc->doc.add_posting(std::string(term, len), pos);
	} catch (...) {
		return -1;
	}
	return 0;
}

extern "C" int wonk_xdoc_add_term(wonk_xdoc *doc, const char *term, size_t len)
{
	try {
		doc->doc.add_term(std::string(term, len));
	} catch (...) {
		return -1;
	}
	return 0;
}

extern "C" int wonk_xdoc_add_boolean(wonk_xdoc *doc, const char *term, size_t len)
{
	try {
		doc->doc.add_boolean_term(std::string(term, len));
	} catch (...) {
		return -1;
	}
	return 0;
}

extern "C" int wonk_xdoc_set_value(wonk_xdoc *doc, unsigned slot, const char *val,
				   size_t len)
{
	try {
		doc->doc.add_value(slot, std::string(val, len));
	} catch (...) {
		return -1;
	}
	return 0;
}

/* Thrown by build_query for a prefix that stands for too many words. */
struct prefix_too_broad {
	std::string prefix;
	unsigned limit;
};

/* Which kids of n the matcher runs.  A word in more than half the
 * passages ("the", "of", "for") has a BM25 idf of zero or less: it cannot
 * tell passages apart, yet once its posting list is long it costs the
 * matcher more than all the other words together (0.3 ms of 3.5 at 10x
 * the corpus).  Among rarer words of an OR, a phrase or NEAR (whose words
 * are checked on the text anyway) or the optional side of AND_MAYBE it is
 * left out; stage 2 and highlighting still see it.  A query of such words
 * only keeps them, and a small index (where the list costs nothing and
 * "more than half" may be a topic word) keeps every word. */
#define COMMON_WORD_FLOOR 10000u

static std::vector<bool> selective_kids(const Xapian::Database &db, const wonk_qnode *n)
{
	std::vector<bool> keep(n->nkids, true);
	if (n->op != WONK_Q_OR && n->op != WONK_Q_PHRASE && n->op != WONK_Q_NEAR &&
	    n->op != WONK_Q_AND_MAYBE)
		return keep;
	Xapian::doccount half = db.get_doccount() / 2;
	if (half < COMMON_WORD_FLOOR)
		return keep;
	size_t rare = 0;
	for (size_t i = n->op == WONK_Q_AND_MAYBE; i < n->nkids; i++) {
		const wonk_qnode *k = n->kids[i];
		if (k->op == WONK_Q_TERM && db.get_termfreq(k->stem) > half)
			keep[i] = false;
		else
			rare++;
	}
	if (rare == 0 && n->op != WONK_Q_AND_MAYBE)
		std::fill(keep.begin(), keep.end(), true);
	return keep;
}

static Xapian::Query build_query(const Xapian::Database &db, const wonk_qnode *n,
				 unsigned prefix_limit)
{
	switch (n->op) {
	case WONK_Q_TERM:
		return Xapian::Query(n->stem);
	case WONK_Q_FILTER:
		/* Filters select; only a weighted one (a year's documents,
		 * expand.c) changes a score, by the same for each passage. */
		if (n->weight > 0)
			return Xapian::Query(
				Xapian::Query::OP_FILTER,
				Xapian::Query((new Xapian::FixedWeightPostingSource(n->weight))->release()),
				Xapian::Query(n->stem));
		return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(n->stem), 0.0);
	case WONK_Q_ALL:
		return Xapian::Query::MatchAll;
	case WONK_Q_RANGE: {
		std::string lo = n->lo ? std::string(n->lo, n->lo_len ? n->lo_len : strlen(n->lo)) : "";
		std::string hi = n->hi ? std::string(n->hi, n->hi_len ? n->hi_len : strlen(n->hi)) : "";
		if (n->lo && n->hi)
			return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, n->slot, lo, hi);
		if (n->lo)
			return Xapian::Query(Xapian::Query::OP_VALUE_GE, n->slot, lo);
		return Xapian::Query(Xapian::Query::OP_VALUE_LE, n->slot, hi);
	}
	case WONK_Q_PREFIX: {
		/* The words are listed here, over every shard at once:
		 * Xapian's OP_WILDCARD would expand in each shard apart,
		 * and weigh the same query differently once sharded.  A
		 * limit keeps "a*" a message and not a stall. */
		std::vector<std::string> words;
		for (Xapian::TermIterator t = db.allterms_begin(n->form);
		     t != db.allterms_end(n->form); ++t) {
			if (words.size() == prefix_limit)
				throw prefix_too_broad{n->form, prefix_limit};
			words.push_back(*t);
		}
		return Xapian::Query(Xapian::Query::OP_SYNONYM, words.begin(), words.end());
	}
	case WONK_Q_PHRASE:
		if (n->nkids == 1)
			return build_query(db, n->kids[0], prefix_limit);
		/* fall through */
	case WONK_Q_NEAR:
	case WONK_Q_OR:
	case WONK_Q_AND:
	case WONK_Q_AND_MAYBE:
	case WONK_Q_SYNONYM: {
		std::vector<Xapian::Query> kids;
		kids.reserve(n->nkids);
		std::vector<bool> keep = selective_kids(db, n);
		for (size_t i = 0; i < n->nkids; i++)
			if (keep[i])
				kids.push_back(build_query(db, n->kids[i], prefix_limit));
		Xapian::Query::op op = n->op == WONK_Q_PHRASE  ? Xapian::Query::OP_PHRASE
				     : n->op == WONK_Q_NEAR    ? Xapian::Query::OP_NEAR
				     : n->op == WONK_Q_SYNONYM ? Xapian::Query::OP_SYNONYM
				     : n->op == WONK_Q_OR      ? Xapian::Query::OP_OR
				     : n->op == WONK_Q_AND     ? Xapian::Query::OP_AND
							       : Xapian::Query::OP_AND_MAYBE;
		Xapian::termcount window = n->op == WONK_Q_PHRASE ? n->nkids
					 : n->op == WONK_Q_NEAR ? n->window : 0;
		return Xapian::Query(op, kids.begin(), kids.end(), window);
	}
	case WONK_Q_AND_NOT: {
		std::vector<Xapian::Query> out;
		/* A kid marked checked is judged on the candidates' text. */
		for (size_t i = 1; i < n->nkids; i++)
			if (!n->kids[i]->checked)
				out.push_back(build_query(db, n->kids[i], prefix_limit));
		if (out.empty())
			return build_query(db, n->kids[0], prefix_limit);
		return Xapian::Query(Xapian::Query::OP_AND_NOT,
				     build_query(db, n->kids[0], prefix_limit),
				     Xapian::Query(Xapian::Query::OP_OR, out.begin(), out.end()));
	}
	}
	return Xapian::Query();
}

static void free_hits(wonk_xhit *hits, size_t n)
{
	if (!hits)
		return;
	for (size_t i = 0; i < n; i++)
		free(hits[i].data);
	free(hits);
}

extern "C" void wonk_xresult_free(wonk_xresult *r, size_t nspies)
{
	free_hits(r->hits, r->n);
	for (size_t s = 0; r->counts && s < nspies; s++) {
		for (size_t i = 0; r->counts[s] && i < r->ncounts[s]; i++)
			free(r->counts[s][i].value);
		free(r->counts[s]);
	}
	free(r->counts);
	free(r->ncounts);
	memset(r, 0, sizeof *r);
}

/* Relevance order breaks score ties by document id (WONK_SLOT_DOC), so
 * that one index and the same passages split into shards rank alike.
 * Asked for that order, Xapian reads the slot of every candidate it
 * weighs, which was most of a short search's reads.  So the window is
 * fetched by relevance alone with TIE_MARGIN more on each side, and a tie
 * across one of its edges is settled here by reading the slot of the tied
 * passages only.  Only a tie that runs past the margin (more equal scores
 * than were fetched) makes Xapian fetch the window again in the
 * tie-broken order.  Ties inside the window are put in document order by
 * the caller, from the records.  *order lists the window's items, as
 * positions in the returned set. */
#define TIE_MARGIN 16u

static Xapian::MSet relevance_window(Xapian::Enquire &enq, const wonk_xsearch *p,
				     Xapian::doccount all, std::vector<Xapian::doccount> *order)
{
	order->clear();
	if (p->count == 0)
		return enq.get_mset(p->first, 0, all);
	Xapian::doccount lo = p->first > TIE_MARGIN ? p->first - TIE_MARGIN : 0;
	Xapian::doccount asked = p->first - lo + p->count + TIE_MARGIN;
	Xapian::MSet m = enq.get_mset(lo, asked, all);
	Xapian::doccount n = m.size(), start = p->first - lo;
	if (start >= n)
		return m; /* the page starts past the last match */
	for (Xapian::doccount i = 0; i < n; i++)
		order->push_back(i);
	Xapian::doccount end = start + p->count < n ? start + p->count : n;
	bool settled = true;
	Xapian::doccount sorted_to = 0;
	/* Each edge with equal scores on both sides: its whole run of equal
	 * scores must be in hand, or the order cannot be settled here. */
	for (Xapian::doccount edge : {start, end}) {
		if (edge == 0 || edge >= n || edge < sorted_to ||
		    m[edge - 1].get_weight() != m[edge].get_weight())
			continue;
		double w = m[edge].get_weight();
		Xapian::doccount a = edge - 1, b = edge + 1;
		while (a > 0 && m[a - 1].get_weight() == w)
			a--;
		while (b < n && m[b].get_weight() == w)
			b++;
		if ((a == 0 && lo > 0) || (b == n && n == asked)) {
			settled = false;
			break;
		}
		std::vector<std::pair<std::string, Xapian::docid>> keys;
		for (Xapian::doccount i = a; i < b; i++)
			keys.emplace_back(m[i].get_document().get_value(WONK_SLOT_DOC), *m[i]);
		std::vector<Xapian::doccount> run((*order).begin() + a, (*order).begin() + b);
		std::sort(run.begin(), run.end(), [&](Xapian::doccount x, Xapian::doccount y) {
			return keys[x - a] < keys[y - a];
		});
		std::copy(run.begin(), run.end(), order->begin() + a);
		sorted_to = b;
	}
	if (settled) {
		order->erase(order->begin() + end, order->end());
		order->erase(order->begin(), order->begin() + start);
		return m;
	}
	enq.set_sort_by_relevance_then_value(WONK_SLOT_DOC, false);
	m = enq.get_mset(p->first, p->count, all);
	order->clear();
	for (Xapian::doccount i = 0; i < m.size(); i++)
		order->push_back(i);
	return m;
}

extern "C" wonk_status wonk_xdb_search(wonk_xdb *db, const wonk_xsearch *p,
				       wonk_xresult *r, char **err)
{
	memset(r, 0, sizeof *r);
	try {
		Xapian::Enquire enq(*db->db);
		enq.set_query(build_query(*db->db, p->query, p->prefix_limit));
		if (p->collapse_slot >= 0 && p->collapse_max > 0)
			enq.set_collapse_key(static_cast<Xapian::valueno>(p->collapse_slot),
					     p->collapse_max);
		/* Undated documents go last either way: "\xff" sorts after any
		 * date, "" before. */
		/* Equal scores fall in document-id order, never in Xapian's
		 * internal order alone, which changes when the same passages
		 * are split into shards differently.  (A document's passages
		 * sit in one shard, in passage order.) */
		Xapian::MultiValueKeyMaker keys;
		if (p->sort == WONK_XSORT_RELEVANCE) {
			/* See relevance_window. */
		} else if (p->sort == WONK_XSORT_ORDINAL) {
			enq.set_sort_by_value(WONK_SLOT_ORDINAL, false);
		} else if (db->remote) {
			/* Remote servers take no KeyMaker: oldest first puts
			 * the undated (empty) first there. */
			enq.set_sort_by_value_then_relevance(WONK_SLOT_DATE,
							     p->sort == WONK_XSORT_NEWEST);
		} else {
			bool newest = p->sort == WONK_XSORT_NEWEST;
			keys.add_value(WONK_SLOT_DATE, newest, newest ? "" : "\xff");
			enq.set_sort_by_key_then_relevance(&keys, false);
		}
		std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
		for (size_t i = 0; i < p->nspies; i++) {
			spies.emplace_back(new Xapian::ValueCountMatchSpy(p->spy_slots[i]));
			enq.add_matchspy(spies.back().get());
		}
		Xapian::doccount all = p->exhaustive ? db->db->get_doccount() : 0;
		std::vector<Xapian::doccount> order;
		Xapian::MSet mset;
		if (p->sort == WONK_XSORT_RELEVANCE) {
			mset = relevance_window(enq, p, all, &order);
		} else {
			mset = enq.get_mset(p->first, p->count, all);
			for (Xapian::doccount i = 0; i < mset.size(); i++)
				order.push_back(i);
		}
		r->estimate = mset.get_matches_estimated();
		r->uncollapsed = mset.get_uncollapsed_matches_estimated();
		r->hits = static_cast<wonk_xhit *>(calloc(mset.size() ? mset.size() : 1,
							  sizeof *r->hits));
		if (!r->hits)
			throw std::bad_alloc();
		/* Records are read in docid order: neighbours share the
		 * B-tree's blocks, which Xapian's cursor then reads once, where
		 * rank order went back and forth (a fifth fewer block reads). */
		size_t want = order.size() < p->count ? order.size() : p->count;
		std::vector<size_t> by_id(want);
		for (size_t k = 0; k < want; k++)
			by_id[k] = k;
		std::sort(by_id.begin(), by_id.end(), [&](size_t x, size_t y) {
			return *mset[order[x]] < *mset[order[y]];
		});
		r->n = want; /* calloc'ed: a throw leaves the rest empty */
		/* Locally through one value stream walked forward: a chunk of
		 * values is decoded once for all the hits it holds, where
		 * reading each hit's document looked the chunk up again (and
		 * read both blocks of a chunk that spans two each time). */
		Xapian::ValueIterator rec, rec_end;
		if (!db->remote)
			rec = db->db->valuestream_begin(WONK_SLOT_RECORD);
		for (size_t k : by_id) {
			Xapian::MSetIterator it = mset[order[k]];
			wonk_xhit *h = &r->hits[k];
			std::string data;
			if (rec != rec_end) {
				rec.skip_to(*it);
				if (rec != rec_end && rec.get_docid() == *it)
					data = *rec;
			}
			if (data.empty())
				data = record_of(it.get_document());
			h->data = dup_string(data);
			h->data_len = data.size();
			h->docid = *it;
			h->score = it.get_weight();
		}
		if (p->nspies) {
			r->counts = static_cast<wonk_xcount **>(calloc(p->nspies, sizeof *r->counts));
			r->ncounts = static_cast<size_t *>(calloc(p->nspies, sizeof *r->ncounts));
			if (!r->counts || !r->ncounts)
				throw std::bad_alloc();
			for (size_t s = 0; s < p->nspies; s++) {
				size_t n = 0;
				for (Xapian::TermIterator v = spies[s]->values_begin();
				     v != spies[s]->values_end(); ++v)
					n++;
				r->counts[s] = static_cast<wonk_xcount *>(calloc(n ? n : 1,
										 sizeof **r->counts));
				if (!r->counts[s])
					throw std::bad_alloc();
				for (Xapian::TermIterator v = spies[s]->values_begin();
				     v != spies[s]->values_end(); ++v) {
					wonk_xcount *c = &r->counts[s][r->ncounts[s]];
					c->value = dup_string(*v);
					c->freq = v.get_termfreq();
					r->ncounts[s]++;
				}
			}
		}
	} catch (const prefix_too_broad &e) {
		wonk_xresult_free(r, p->nspies);
		set_err(err, "'" + e.prefix + "*' matches more than " + std::to_string(e.limit) +
				     " words; make the prefix longer");
		return WONK_ERR_QUERY_SYNTAX;
	} catch (...) {
		wonk_xresult_free(r, p->nspies);
		return translate(err);
	}
	return WONK_OK;
}

/* ---- for wonk_index_check (lib/check.c); appended with the check. */

#include <sstream>

#include <csignal>
#include <cerrno>
#include <sys/wait.h>
#include <unistd.h>

/* Xapian's checker runs in a child process: on some damaged termlists
 * (xapian-core 1.4.22) it reads past its buffers and can crash, and a
 * check must outlive the damage it reports.  The child writes "N\n" and
 * the report, or "E<status>\n" and a message, to a pipe. */
static void check_in_child(const char *dir, int fd)
{
	std::string out;
	try {
		std::ostringstream o;
		size_t n = Xapian::Database::check(dir, 0, &o);
		out = std::to_string(n) + "\n" + o.str();
	} catch (...) {
		char *m = NULL;
		wonk_status st = translate(&m);
		out = "E" + std::to_string(static_cast<int>(st)) + "\n" + (m ? m : "");
		free(m);
	}
	for (size_t at = 0; at < out.size();) {
		ssize_t n = write(fd, out.data() + at, out.size() - at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		at += static_cast<size_t>(n);
	}
}

extern "C" wonk_status wonk_xdb_check(const char *dir, char **report, uint64_t *errors,
				      char **err)
{
	*report = NULL;
	*errors = 0;
	try {
		/* A database that cannot even be opened is for the check
		 * below to describe. */
		bool locked = false;
		try {
			locked = Xapian::Database(dir).locked();
		} catch (const Xapian::Error &) {
		}
		if (locked) {
			set_err(err, "index is being written by another process; check it when that has finished");
			return WONK_ERR_LOCKED;
		}
		int fds[2];
		if (pipe(fds) < 0) {
			set_err(err, std::string("cannot run the check: ") + strerror(errno));
			return WONK_ERR_IO;
		}
		pid_t pid = fork();
		if (pid < 0) {
			set_err(err, std::string("cannot run the check: ") + strerror(errno));
			close(fds[0]);
			close(fds[1]);
			return WONK_ERR_IO;
		}
		if (pid == 0) {
			close(fds[0]);
			check_in_child(dir, fds[1]);
			_exit(0);
		}
		close(fds[1]);
		std::string got;
		char buf[4096];
		for (;;) {
			ssize_t n = read(fds[0], buf, sizeof buf);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got.append(buf, static_cast<size_t>(n));
		}
		close(fds[0]);
		int wst = 0;
		while (waitpid(pid, &wst, 0) < 0 && errno == EINTR) {
		}
		size_t nl = got.find('\n');
		if (!WIFEXITED(wst) || WEXITSTATUS(wst) != 0 || nl == std::string::npos) {
			std::string how = WIFSIGNALED(wst)
				? std::string("crashed (") + strsignal(WTERMSIG(wst)) + ")"
				: "stopped without an answer";
			set_err(err, "index is damaged: Xapian's check of its tables " + how);
			return WONK_ERR_CORRUPT;
		}
		if (got[0] == 'E') {
			set_err(err, got.substr(nl + 1));
			return static_cast<wonk_status>(atoi(got.c_str() + 1));
		}
		*errors = strtoull(got.c_str(), NULL, 10);
		*report = dup_string(got.substr(nl + 1));
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}

extern "C" wonk_status wonk_xdb_each_doc(wonk_xdb *db, wonk_xdb_doc_fn fn, void *ctx,
					 int *positions, char **err)
{
	*positions = 0;
	try {
		*positions = db->db->has_positions();
		for (Xapian::PostingIterator p = db->db->postlist_begin("");
		     p != db->db->postlist_end(""); ++p) {
			Xapian::Document doc = db->db->get_document(*p);
			const std::string data = record_of(doc);
			if (fn(ctx, *p, data.data(), data.size(), p.get_unique_terms(),
			       p.get_doclength()))
				break;
		}
	} catch (const Xapian::FeatureUnavailableError &e) {
		/* What glass says when termlist.glass has gone. */
		set_err(err, "index is damaged: " + e.get_msg());
		return WONK_ERR_CORRUPT;
	} catch (const Xapian::DocNotFoundError &e) {
		/* A document the postlist lists: deleted by a writer since
		 * (a newer revision exists), or damage. */
		bool newer = false;
		try {
			newer = db->db->reopen();
		} catch (const Xapian::DatabaseModifiedError &) {
			newer = true; /* a writer is committing: not damage */
		} catch (...) {
		}
		set_err(err, (newer ? "index was modified during the check: "
				    : "index is damaged: ") + e.get_msg());
		return newer ? WONK_ERR_MODIFIED : WONK_ERR_CORRUPT;
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
}
