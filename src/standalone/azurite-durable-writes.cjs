// Preloaded into Azurite's Table service when it keeps its data on disk (`--location`).
//
// Azurite keeps tables in a LokiJS database that it saves every 5 seconds (autosave), so a process
// killed with SIGKILL loses up to 5 seconds of writes it had already answered. The standalone host
// promises that an accepted command survives a crash, so here every answer waits until the database,
// if anything changed, has been saved (LokiJS writes a temporary file and renames it into place):
// a write Azurite has answered is on disk. Reads of an unchanged database answer at once. The file is
// fsync'd before the rename (LokiJS itself does not), so an answered write also survives a power cut.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const azuriteRoot = path.dirname(require.resolve('azurite/package.json'));
const Loki = require(require.resolve('lokijs', { paths: [azuriteRoot] }));

/** Every file-backed database Azurite saves (it saves each one once at start-up). */
const databases = new Set();
const saveDatabase = Loki.prototype.saveDatabase;
Loki.prototype.saveDatabase = function (callback) {
  if (this.persistenceMethod === 'fs') databases.add(this);
  return saveDatabase.call(this, callback);
};

Loki.LokiFsAdapter.prototype.saveDatabase = function (dbname, dbstring, callback) {
  const temporary = `${dbname}~`;
  fs.open(temporary, 'w', (openError, fd) => {
    if (openError) return callback(openError);
    const fail = (error) => fs.close(fd, () => callback(error));
    fs.writeFile(fd, dbstring, (writeError) => {
      if (writeError) return fail(writeError);
      fs.fsync(fd, (syncError) => {
        if (syncError) return fail(syncError);
        fs.close(fd, (closeError) => {
          if (closeError) return callback(closeError);
          fs.rename(temporary, dbname, callback);
        });
      });
    });
  });
};

const end = http.ServerResponse.prototype.end;
http.ServerResponse.prototype.end = function (...args) {
  const dirty = [...databases].filter((database) => database.autosaveDirty());
  if (dirty.length === 0) return end.apply(this, args);
  let waiting = dirty.length;
  let failure;
  for (const database of dirty) {
    // LokiJS queues a save asked for while one runs, so this one includes every change made so far.
    database.saveDatabase((error) => {
      failure ??= error;
      waiting -= 1;
      if (waiting > 0) return;
      // A write that could not be saved must not look acknowledged: the client sees the connection drop.
      if (failure) this.destroy(failure instanceof Error ? failure : new Error(String(failure)));
      else end.apply(this, args);
    });
  }
  return this;
};
