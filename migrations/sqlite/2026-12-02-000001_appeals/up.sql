-- The appeal tracker (issue 18; SQLite, keep in step with migrations/postgres). An appeal is one
-- proceeding before one court or tribunal, linked to the one before it (FtT -> UT -> CoA/CoS).
-- Its clock events live in the case's log (case_events.details carries the appeal's id); this
-- row holds the record and a summary recomputed with every change, for the appeals list.
CREATE TABLE appeals (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    parent_id BIGINT REFERENCES appeals (id),
    stage TEXT NOT NULL CHECK (stage IN ('first_tier', 'upper_tribunal', 'court_of_appeal', 'court_of_session')),
    tribunal_reference TEXT NOT NULL,
    appellant TEXT NOT NULL CHECK (appellant IN ('complainant', 'public_authority', 'both')),
    received_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'decided')),
    outcome TEXT,
    decided_on DATE,
    stance TEXT CHECK (stance IN ('resist', 'support', 'neutral', 'concede')),
    stance_on DATE,
    hearing TEXT CHECK (hearing IN ('paper', 'oral')),
    hearing_on DATE,
    closed_material BOOLEAN NOT NULL DEFAULT 0,
    next_deadline DATE,
    next_deadline_name TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (stage, tribunal_reference)
);
CREATE INDEX appeals_case ON appeals (case_id);
CREATE INDEX appeals_open_next ON appeals (status, next_deadline);
-- The list's order: next deadline first, then those with none by id.
CREATE INDEX appeals_next ON appeals (next_deadline, id);

-- Parties and their roles: the Commissioner as respondent, an authority joined as second
-- respondent (GRC rule 9) on a date, others; with their representatives.
CREATE TABLE appeal_parties (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    appeal_id BIGINT NOT NULL REFERENCES appeals (id),
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('appellant', 'respondent', 'second_respondent', 'other')),
    joined_on DATE,
    representative TEXT
);
CREATE INDEX appeal_parties_appeal ON appeal_parties (appeal_id);

-- Documents kept in the database, so any instance serves them.
CREATE TABLE appeal_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    appeal_id BIGINT NOT NULL REFERENCES appeals (id),
    kind TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sent_on DATE,
    received_on DATE,
    closed BOOLEAN NOT NULL DEFAULT 0,
    content BLOB NOT NULL,
    uploaded_by BIGINT REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX appeal_documents_appeal ON appeal_documents (appeal_id);
