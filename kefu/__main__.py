"""The `kefu` command. `kefu serve` monkey-patches with gevent before anything else loads."""

import sys


def main():
    if sys.argv[1:2] == ["serve"]:
        from gevent import monkey

        monkey.patch_all()  # the library patches come later, in server.prepare()
    from .cli import cli

    cli()


if __name__ == "__main__":
    main()
