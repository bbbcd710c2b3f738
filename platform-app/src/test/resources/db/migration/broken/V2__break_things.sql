ALTER TABLE things ADD COLUMN oops no_such_type;
