/* main.c - shakedown: end-to-end tests for containerized web apps. */
#include "cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
