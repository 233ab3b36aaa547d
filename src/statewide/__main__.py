from statewide.cli import main

main()
