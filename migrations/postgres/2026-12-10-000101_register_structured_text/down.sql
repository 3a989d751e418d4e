DROP TABLE published_structures;
