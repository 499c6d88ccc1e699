// The tiny static program process-bench execs in its fork+exec benchmark: it only exits.
int main(void) { return 0; }
