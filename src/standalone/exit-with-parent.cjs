// Preloaded into child servers (Azurite): when the parent process goes away, for any reason, the IPC
// channel closes and the child exits, so no server outlives the host or the test run that started it.
process.on('disconnect', () => process.exit(0));
