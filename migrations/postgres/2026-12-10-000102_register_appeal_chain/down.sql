DROP TABLE published_appeal_chains;
