// Runs each test file from this package's folder, as a user's script runs from their project.
process.chdir(new URL('..', import.meta.url).pathname);
