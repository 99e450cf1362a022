// Package store is the API's durable catalog: a SQLite database
// (DATA-DIR/catalog.db, WAL journal) of datasets, scenarios, jobs and runs,
// beside the files it indexes:
//
//	DATA-DIR/datasets/<id>/<name>.parquet  uploaded dataset files
//	DATA-DIR/runs/<id>/*.parquet           results of a finished run
//
// Files are written first, each atomically (temporary file, sync, rename),
// and the catalog row that makes them visible last, in one transaction, so
// a crash leaves either nothing visible or a complete run. Open marks every
// job left queued or running by a previous process as failed and removes
// its partial run directory.
package store
