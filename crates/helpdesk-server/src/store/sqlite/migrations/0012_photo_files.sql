-- Photos kept as files beside the database, each named by the SHA-256 of its bytes (`file`),
-- its row written once the file is on disk; `bytes` stays empty for them. Photos stored before
-- keep their bytes in the row (`file` NULL). `size` is the photo's size either way.
ALTER TABLE photos ADD COLUMN file TEXT;
ALTER TABLE photos ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
UPDATE photos SET size = length(bytes);
CREATE INDEX photos_by_file ON photos(file) WHERE file IS NOT NULL;
