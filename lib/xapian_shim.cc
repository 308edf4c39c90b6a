/*
 * xapian_shim.cc - the only C++ in wonk and the only file that includes
 * Xapian.  Each extern "C" function does one Xapian thing inside a try block;
 * every exception becomes a wonk_status and a malloc'ed message, so nothing
 * C++ ever crosses into C.  No policy lives here.
 */
#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "xapian_shim.h"

struct wonk_xdb {
	Xapian::Database *db;           /* the reader view (also the writer) */
	Xapian::WritableDatabase *wdb;  /* NULL when opened to read */
	bool in_txn;
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

static void set_err(char **err, const std::string &msg)
{
	if (err) {
		free(*err);
		*err = dup_message(msg);
	}
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
		set_err(err, "index is corrupt: " + e.get_msg());
		return WONK_ERR_CORRUPT;
	} catch (const Xapian::DatabaseModifiedError &e) {
		set_err(err, "index was modified during the search: " + e.get_msg());
		return WONK_ERR_MODIFIED;
	} catch (const Xapian::DatabaseVersionError &e) {
		set_err(err, "index format not supported: " + e.get_msg());
		return WONK_ERR_VERSION;
	} catch (const Xapian::DatabaseOpeningError &e) {
		set_err(err, "cannot open index: " + e.get_msg());
		return WONK_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseError &e) {
		set_err(err, e.get_type() + std::string(": ") + e.get_msg() +
				     (e.get_error_string()
					      ? std::string(" (") + e.get_error_string() + ")"
					      : std::string()));
		return WONK_ERR_XAPIAN;
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
			h->wdb = new Xapian::WritableDatabase(dir, action | Xapian::DB_BACKEND_GLASS);
			h->db = h->wdb;
		} else {
			h->wdb = NULL;
			h->db = new Xapian::Database(dir);
		}
		h->in_txn = false;
		x = h.release();
	} catch (...) {
		return translate(err);
	}
	*out = x;
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

extern "C" wonk_status wonk_xdb_reopen(wonk_xdb *db, char **err)
{
	try {
		db->db->reopen();
	} catch (...) {
		return translate(err);
	}
	return WONK_OK;
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
		std::string v = db->db->get_metadata(key);
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

extern "C" int wonk_xdoc_set_data(wonk_xdoc *doc, const char *data, size_t len)
{
	try {
		doc->doc.set_data(std::string(data, len));
	} catch (...) {
		return -1;
	}
	return 0;
}

static Xapian::Query build_query(const wonk_qnode *n)
{
	switch (n->op) {
	case WONK_Q_TERM:
		return Xapian::Query(n->stem);
	case WONK_Q_PHRASE:
	case WONK_Q_OR:
	case WONK_Q_AND:
	case WONK_Q_AND_MAYBE: {
		std::vector<Xapian::Query> kids;
		kids.reserve(n->nkids);
		for (size_t i = 0; i < n->nkids; i++)
			kids.push_back(build_query(n->kids[i]));
		Xapian::Query::op op = n->op == WONK_Q_PHRASE  ? Xapian::Query::OP_PHRASE
				     : n->op == WONK_Q_OR      ? Xapian::Query::OP_OR
				     : n->op == WONK_Q_AND     ? Xapian::Query::OP_AND
							       : Xapian::Query::OP_AND_MAYBE;
		return Xapian::Query(op, kids.begin(), kids.end(),
				     n->op == WONK_Q_PHRASE ? n->nkids : 0);
	}
	}
	return Xapian::Query();
}

extern "C" void wonk_xhits_free(wonk_xhit *hits, size_t n)
{
	if (!hits)
		return;
	for (size_t i = 0; i < n; i++)
		free(hits[i].data);
	free(hits);
}

extern "C" wonk_status wonk_xdb_search(wonk_xdb *db, const wonk_xsearch *p,
				       wonk_xhit **hits, size_t *n,
				       uint64_t *estimate, char **err)
{
	*hits = NULL;
	*n = 0;
	*estimate = 0;
	wonk_xhit *out = NULL;
	size_t got = 0;
	try {
		Xapian::Enquire enq(*db->db);
		enq.set_query(build_query(p->query));
		if (p->collapse_slot >= 0 && p->collapse_max > 0)
			enq.set_collapse_key(static_cast<Xapian::valueno>(p->collapse_slot),
					     p->collapse_max);
		Xapian::MSet mset = enq.get_mset(p->first, p->count);
		*estimate = mset.get_matches_estimated();
		out = static_cast<wonk_xhit *>(calloc(mset.size() ? mset.size() : 1,
						      sizeof *out));
		if (!out)
			throw std::bad_alloc();
		for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
			std::string data = it.get_document().get_data();
			wonk_xhit *h = &out[got];
			h->data = static_cast<char *>(malloc(data.size() + 1));
			if (!h->data)
				throw std::bad_alloc();
			memcpy(h->data, data.data(), data.size());
			h->data[data.size()] = '\0';
			h->data_len = data.size();
			h->docid = *it;
			h->score = it.get_weight();
			got++;
		}
	} catch (...) {
		wonk_xhits_free(out, got);
		return translate(err);
	}
	*hits = out;
	*n = got;
	return WONK_OK;
}
