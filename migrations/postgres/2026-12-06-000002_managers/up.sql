-- Saved filters of the case list: each member of staff names the filters they come back to
-- (the list's query string, never personal data); names are unique per person.
CREATE TABLE saved_filters (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, name)
);
