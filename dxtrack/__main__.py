from dxtrack.cli import main

raise SystemExit(main())
