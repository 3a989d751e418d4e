DROP TABLE appeal_documents;
DROP TABLE appeal_parties;
DROP TABLE appeals;
