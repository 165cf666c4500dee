-- What a person did, found without reading the whole log: the training checks read a trainee's
-- events every few seconds. Partial: only events made by a signed-in person (`user:…`) are in it,
-- so the feeds' and the simulator's thousands of events a second pay nothing for it.
CREATE INDEX events_by_person ON events (source, seq) WHERE source LIKE 'user:%';
