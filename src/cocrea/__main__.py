from cocrea.cli import main

main()
