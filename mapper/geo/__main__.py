import sys

from mapper.geo import main

sys.exit(main())
