#!/usr/bin/env python3
"""Checks that every relative link of README.md, docs/*.md and bench/*.md names a file that exists and, with a
#anchor, a heading of that file (GitHub's anchors: lower case, punctuation dropped, spaces to '-', -1, -2 ... for
repeated headings). Links inside fenced code blocks and absolute URLs are not checked. Exit 1 when one does not."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r'\]\(([^)\s]+)\)')


def slug(heading):
    text = heading.strip().lower().replace('`', '')
    return re.sub(r'[^\w\- ]', '', text).replace(' ', '-')


def lines_outside_code(path):
    fenced = False
    for number, line in enumerate(path.read_text(encoding='utf-8').split('\n'), 1):
        if line.startswith('```'):
            fenced = not fenced
        elif not fenced:
            yield number, line


def anchors(path):
    seen, found = {}, set()
    for _, line in lines_outside_code(path):
        heading = re.match(r'#{1,6} (.*)', line)
        if heading:
            name = slug(heading.group(1))
            count = seen.get(name, 0)
            seen[name] = count + 1
            found.add(name if count == 0 else f'{name}-{count}')
    return found


def main():
    files = [ROOT / 'README.md', *sorted((ROOT / 'docs').glob('*.md')), *sorted((ROOT / 'bench').glob('*.md'))]
    broken = 0
    for path in files:
        for number, line in lines_outside_code(path):
            for target in LINK.findall(line):
                if re.match(r'[a-z][a-z0-9+.-]*:', target):
                    continue
                file, _, anchor = target.partition('#')
                linked = (path.parent / file).resolve() if file else path
                where = f'{path.relative_to(ROOT)}:{number}'
                if not linked.exists():
                    print(f'{where}: no such file: {target}')
                    broken += 1
                elif anchor and (linked.suffix != '.md' or anchor not in anchors(linked)):
                    print(f'{where}: no such heading: {target}')
                    broken += 1
    print(f'{len(files)} files, {broken} broken links')
    return 1 if broken else 0


if __name__ == '__main__':
    sys.exit(main())
