-- The echo test vertical keeps no data: this migration only proves an empty module migrates.
SELECT 1;
