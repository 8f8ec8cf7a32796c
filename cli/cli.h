/* cli.h - the command line: `shakedown run|check …`, options, exit codes. */
#ifndef SHAKEDOWN_CLI_H
#define SHAKEDOWN_CLI_H

enum exit_code {
	EXIT_PASS = 0,		/* every test passed */
	EXIT_FAILED = 1,	/* a test failed */
	EXIT_USAGE = 2,		/* bad command line or invalid spec */
	EXIT_ENV = 3,		/* environment: app unreachable, report unwritable */
};

/* Runs the command line; returns the process exit code. */
int	cli_main(int argc, char **argv);

#endif
