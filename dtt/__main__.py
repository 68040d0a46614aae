from dtt.cli import main

main()
