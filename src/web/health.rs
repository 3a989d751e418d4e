//! `GET /healthz`: the service is up and the database answers.

use super::AppState;
use actix_web::{HttpResponse, web};

/// Reports whether the database is reachable (503 when it is not).
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.clone();
    let ok = web::block(move || {
        pool.get()
            .ok()
            .is_some_and(|mut c| crate::db::ping(&mut c).is_ok())
    })
    .await
    .unwrap_or(false);
    if ok {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "database": "ok" }))
    } else {
        HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({ "status": "unavailable", "database": "unreachable" }))
    }
}
