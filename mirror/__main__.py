from mirror.server import main

main()
