//! The diesel schema shared by SQLite and PostgreSQL (both migration trees create it).

diesel::table! {
    authorities (id) {
        id -> BigInt,
        formal_name -> Text,
        short_name -> Text,
        address -> Text,
        sector -> Text,
        nation -> Text,
        foi_email -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        article -> Text,
        s53_certificate -> Bool,
    }
}

diesel::table! {
    complainants (id) {
        id -> BigInt,
        name -> Text,
        email -> Nullable<Text>,
        postal_address -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        role -> Text,
        password_hash -> Text,
        active -> Bool,
        created_at -> Timestamp,
        password_one_time -> Bool,
        one_time_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        label -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        expires_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    cases (id) {
        id -> BigInt,
        reference -> Text,
        regime -> Text,
        authority_id -> BigInt,
        complainant_id -> BigInt,
        officer_id -> Nullable<BigInt>,
        created_by -> Nullable<BigInt>,
        status -> Text,
        rejection_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        request_received -> Nullable<Date>,
        response_due -> Nullable<Date>,
        response_sent -> Nullable<Date>,
        response_status -> Nullable<Text>,
        response_working_days_late -> Nullable<Integer>,
        extension_claimed -> Bool,
        final_response_due -> Nullable<Date>,
        review_requested -> Nullable<Date>,
        review_completed -> Nullable<Date>,
        review_working_days -> Nullable<Integer>,
        complaint_received -> Nullable<Date>,
        allocated_on -> Nullable<Date>,
        decided_on -> Nullable<Date>,
        closed_on -> Nullable<Date>,
        next_deadline -> Nullable<Date>,
        next_deadline_name -> Nullable<Text>,
        version -> Integer,
        response_working_days -> Nullable<Integer>,
        steps_due -> Nullable<Date>,
        steps_complied -> Nullable<Date>,
    }
}

diesel::table! {
    case_events (id) {
        id -> BigInt,
        case_id -> BigInt,
        kind -> Text,
        event_date -> Date,
        event_timestamp -> Nullable<Timestamp>,
        details -> Text,
        supersedes -> Nullable<BigInt>,
        retracted -> Bool,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        subject -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(cases -> authorities (authority_id));
diesel::joinable!(cases -> complainants (complainant_id));
diesel::joinable!(case_events -> cases (case_id));

diesel::allow_tables_to_appear_in_same_query!(
    authorities,
    complainants,
    users,
    api_tokens,
    cases,
    case_events,
    audit_log,
);

diesel::table! {
    notice_versions (id) {
        id -> BigInt,
        case_id -> BigInt,
        version -> Integer,
        body -> Text,
        state -> Text,
        comment -> Nullable<Text>,
        pdf -> Nullable<Binary>,
        pdf_sha256 -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notice_provisions (id) {
        id -> BigInt,
        case_id -> BigInt,
        notice_version_id -> BigInt,
        provision -> Text,
        outcome -> Text,
    }
}

diesel::joinable!(notice_versions -> cases (case_id));
diesel::allow_tables_to_appear_in_same_query!(notice_versions, cases, notice_provisions);
diesel::allow_tables_to_appear_in_same_query!(notice_versions, users);

diesel::table! {
    library_entries (id) {
        id -> BigInt,
        entry_key -> Text,
        version -> Integer,
        heading -> Text,
        body -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    library_usage (id) {
        id -> BigInt,
        entry_key -> Text,
        case_id -> BigInt,
        used_at -> Timestamp,
    }
}

diesel::table! {
    /// Browser sessions (only the hash of the cookie's secret is stored).
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    /// Failed sign-in attempts, for rate limiting.
    sign_in_failures (id) {
        id -> BigInt,
        email -> Text,
        failed_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(sessions, users);

diesel::table! {
    /// Emails waiting to be sent, sent, failed or cancelled.
    outbox (id) {
        id -> BigInt,
        dedup_key -> Text,
        case_id -> Nullable<BigInt>,
        kind -> Text,
        recipient -> Text,
        recipient_role -> Text,
        deadline_name -> Nullable<Text>,
        deadline_date -> Nullable<Date>,
        statutory -> Bool,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Parties' addresses and their opt-out links.
    email_recipients (email) {
        email -> Text,
        opt_out_token -> Text,
        opted_out_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Reminder offsets set by managers.
    reminder_settings (name) {
        name -> Text,
        value -> Integer,
    }
}

diesel::table! {
    /// Files attached to a queued email (a decision notice's PDF copy).
    outbox_attachments (id) {
        id -> BigInt,
        outbox_id -> BigInt,
        filename -> Text,
        content_type -> Text,
        content -> Binary,
    }
}

diesel::table! {
    /// Links in the parties' emails to download their copy of an issued notice (hashes only).
    notice_downloads (id) {
        id -> BigInt,
        token_hash -> Text,
        case_id -> BigInt,
        notice_version_id -> BigInt,
        copy -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(outbox_attachments -> outbox (outbox_id));
diesel::allow_tables_to_appear_in_same_query!(outbox_attachments, outbox);
diesel::allow_tables_to_appear_in_same_query!(notice_downloads, notice_versions);
diesel::joinable!(outbox -> cases (case_id));
diesel::allow_tables_to_appear_in_same_query!(outbox, cases);

diesel::table! {
    /// Officers' private calendar feed links (hashes only).
    calendar_feeds (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(calendar_feeds -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(calendar_feeds, users);

diesel::table! {
    /// The public register: published (or withheld) copies of decision notices.
    published_notices (id) {
        id -> BigInt,
        reference -> Text,
        case_id -> Nullable<BigInt>,
        notice_version_id -> Nullable<BigInt>,
        source -> Text,
        status -> Text,
        status_reason -> Nullable<Text>,
        status_by -> Nullable<BigInt>,
        status_at -> Nullable<Timestamp>,
        issued_on -> Date,
        authority_id -> Nullable<BigInt>,
        authority_name -> Text,
        sector -> Text,
        regime -> Text,
        summary -> Text,
        request_received -> Nullable<Date>,
        response_sent -> Nullable<Date>,
        review_requested -> Nullable<Date>,
        review_completed -> Nullable<Date>,
        complaint_received -> Nullable<Date>,
        allocated_on -> Nullable<Date>,
        steps_period_days -> Nullable<Integer>,
        steps_due -> Nullable<Date>,
        appeal_status -> Text,
        tribunal_reference -> Nullable<Text>,
        pdf_url -> Nullable<Text>,
        published_at -> Timestamp,
        updated_at -> Timestamp,
        appeal_stage -> Nullable<Text>,
        appeal_outcome -> Nullable<Text>,
        appeal_decided_on -> Nullable<Date>,
        appeal_window_until -> Nullable<Date>,
    }
}

diesel::table! {
    /// The outcome per provision of a published notice.
    published_provisions (id) {
        id -> BigInt,
        published_id -> BigInt,
        position -> Integer,
        provision -> Text,
        outcome -> Text,
    }
}

diesel::table! {
    /// The published text of a notice (its search columns).
    published_texts (published_id) {
        published_id -> BigInt,
        authority_name -> Text,
        summary -> Text,
        body -> Text,
    }
}

diesel::table! {
    /// The structure of a published notice's text (JSON: headings, numbered paragraphs,
    /// quotations, lists, footnotes), for notices issued here.
    published_structures (published_id) {
        published_id -> BigInt,
        structure -> Text,
    }
}

diesel::table! {
    /// The appeal chain of a published notice (JSON, lowest court first).
    published_appeal_chains (published_id) {
        published_id -> BigInt,
        chain -> Text,
    }
}

diesel::table! {
    /// The register's generation: moved on by every change to the published notices or their
    /// provisions (triggers), so a server knows when its facet index is out of date.
    register_generation (id) {
        id -> Integer,
        token -> Text,
        n -> BigInt,
    }
}

diesel::joinable!(published_provisions -> published_notices (published_id));
diesel::joinable!(published_texts -> published_notices (published_id));
diesel::joinable!(published_structures -> published_notices (published_id));
diesel::joinable!(published_appeal_chains -> published_notices (published_id));
diesel::table! {
    /// How far the caseload and the authorities have moved on: each number is moved on by
    /// every change to its data (triggers), so a server knows when a count it made is out of date.
    data_generations (name) {
        name -> Text,
        token -> Text,
        n -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(published_notices, published_texts);
diesel::allow_tables_to_appear_in_same_query!(published_notices, published_structures);
diesel::allow_tables_to_appear_in_same_query!(published_notices, published_appeal_chains);
diesel::allow_tables_to_appear_in_same_query!(published_notices, published_provisions);
diesel::allow_tables_to_appear_in_same_query!(published_notices, notice_versions);
diesel::allow_tables_to_appear_in_same_query!(published_notices, users);

diesel::table! {
    appeals (id) {
        id -> BigInt,
        case_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        stage -> Text,
        tribunal_reference -> Text,
        appellant -> Text,
        received_on -> Date,
        status -> Text,
        outcome -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        stance -> Nullable<Text>,
        stance_on -> Nullable<Date>,
        hearing -> Nullable<Text>,
        hearing_on -> Nullable<Date>,
        closed_material -> Bool,
        next_deadline -> Nullable<Date>,
        next_deadline_name -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    appeal_parties (id) {
        id -> BigInt,
        appeal_id -> BigInt,
        name -> Text,
        role -> Text,
        joined_on -> Nullable<Date>,
        representative -> Nullable<Text>,
    }
}

diesel::table! {
    appeal_documents (id) {
        id -> BigInt,
        appeal_id -> BigInt,
        kind -> Text,
        filename -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sent_on -> Nullable<Date>,
        received_on -> Nullable<Date>,
        closed -> Bool,
        content -> Binary,
        uploaded_by -> Nullable<BigInt>,
        uploaded_at -> Timestamp,
    }
}

diesel::joinable!(appeals -> cases (case_id));
diesel::joinable!(appeal_parties -> appeals (appeal_id));
diesel::joinable!(appeal_documents -> appeals (appeal_id));
diesel::allow_tables_to_appear_in_same_query!(appeals, cases);
diesel::allow_tables_to_appear_in_same_query!(appeals, authorities);
diesel::allow_tables_to_appear_in_same_query!(appeals, users);
diesel::allow_tables_to_appear_in_same_query!(appeals, appeal_parties);
diesel::allow_tables_to_appear_in_same_query!(appeals, appeal_documents);
diesel::allow_tables_to_appear_in_same_query!(appeals, case_events);
diesel::allow_tables_to_appear_in_same_query!(notice_provisions, case_events);

diesel::table! {
    case_records (case_id) {
        case_id -> BigInt,
        request_wording -> Text,
        exemptions_cited -> Text,
        authority_reference -> Text,
    }
}

diesel::table! {
    case_record_changes (id) {
        id -> BigInt,
        case_id -> BigInt,
        field -> Text,
        old_value -> Text,
        new_value -> Text,
        changed_by -> Nullable<BigInt>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    case_notes (id) {
        id -> BigInt,
        case_id -> BigInt,
        noted_on -> Date,
        body -> Text,
        written_by -> Nullable<BigInt>,
        written_at -> Timestamp,
    }
}

diesel::table! {
    case_links (id) {
        id -> BigInt,
        case_id -> BigInt,
        other_case_id -> BigInt,
        kind -> Text,
        linked_by -> Nullable<BigInt>,
        linked_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(case_links, cases);
diesel::allow_tables_to_appear_in_same_query!(case_links, authorities);

diesel::table! {
    /// The case list's filters a member of staff named, to come back to.
    saved_filters (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        query -> Text,
        created_at -> Timestamp,
    }
}
