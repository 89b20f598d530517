from workbench import main

main()
