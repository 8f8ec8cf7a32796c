#include "buf.h"
int main(void){return 0;}
