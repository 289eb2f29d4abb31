# packaging/install.mk - install, uninstall and the packages.
#
# Included from the Makefile (`include packaging/install.mk`); uses its
# GNU directory variables (prefix, bindir, datadir, mandir, localedir,
# sysconfdir, localstatedir) and BUILD. DESTDIR appears in the recipes
# only. The binary has the rules, locale and config paths compiled in
# from the same variables: build and install with the same prefix.
#
#   make install prefix=/usr sysconfdir=/etc localstatedir=/var DESTDIR=…
#   make uninstall               (the same variables as install)
#   make deb                     build/deb/aiguillage_<version>_<arch>.deb
#   make rpm-spec-check          parse packaging/rpm/aiguillage.spec

INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL)
INSTALL_DATA ?= $(INSTALL) -m 644
man1dir ?= $(mandir)/man1
bashcompdir ?= $(datadir)/bash-completion/completions
docdir ?= $(datarootdir)/doc/aiguillage
pkgdatadir = $(datadir)/aiguillage
pkgconfdir = $(sysconfdir)/aiguillage
pkgstatedir = $(localstatedir)/lib/aiguillage

# The package version: the first line of the Debian changelog.
AIG_VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' \
	packaging/debian/changelog 2>/dev/null)
# The guides an administrator and a rule expert need, beside README.md.
AIG_DOCS = doc/admin.md doc/rules.md doc/situation.md doc/territory.md
# catalogue, language, domain
AIG_CATALOGUES = fr:aiguillage en:aiguillage-rules

# The daily purge (packaging/systemd): installed, enabled by the package.
systemdunitdir ?= $(prefix)/lib/systemd/system
AIG_UNITS = aiguillage-purge.service aiguillage-purge.timer

.PHONY: install uninstall deb rpm-spec-check

# The rule base goes in whole, tests included (`aiguillage test` runs
# installed). The configuration is never overwritten: an administrator's
# file stays as it is. The state directory is created empty; a package
# gives it its group (see packaging/debian/postinst, doc/admin.md).
install: aiguillage locale rules.img rules.territory.img rules.communes.img
	$(call quiet,INSTALL,$(DESTDIR)$(prefix))$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(man1dir) \
	    $(DESTDIR)$(pkgdatadir) $(DESTDIR)$(bashcompdir) \
	    $(DESTDIR)$(pkgconfdir) $(DESTDIR)$(pkgstatedir) $(DESTDIR)$(docdir)
	$(Q)$(INSTALL_PROGRAM) $(BUILD)/aiguillage $(DESTDIR)$(bindir)/aiguillage
	$(Q)$(INSTALL_DATA) doc/aiguillage.1 $(DESTDIR)$(man1dir)/aiguillage.1
	$(Q)$(INSTALL_DATA) packaging/bash-completion/aiguillage \
	    $(DESTDIR)$(bashcompdir)/aiguillage
	$(Q)$(INSTALL_DATA) README.md $(AIG_DOCS) $(DESTDIR)$(docdir)
	$(Q)$(INSTALL) -d $(DESTDIR)$(systemdunitdir)
	$(Q)for u in $(AIG_UNITS); do \
		$(INSTALL_DATA) packaging/systemd/$$u \
		    $(DESTDIR)$(systemdunitdir)/$$u || exit 1; \
	done
	$(Q)find rules -type d ! -name '.*' | sort | while read -r d; do \
		$(INSTALL) -d "$(DESTDIR)$(pkgdatadir)/$$d" || exit 1; \
	done
	$(Q)find rules -type f \( -name '*.yaml' -o -name '*.tsv' \) | sort | \
	    while read -r f; do \
		$(INSTALL_DATA) "$$f" "$(DESTDIR)$(pkgdatadir)/$$f" || exit 1; \
	done
	$(Q)$(INSTALL_DATA) rules.img $(DESTDIR)$(pkgdatadir)/rules.img
	$(Q)$(INSTALL_DATA) rules.territory.img \
	    $(DESTDIR)$(pkgdatadir)/rules.territory.img
	$(Q)$(INSTALL_DATA) rules.communes.img \
	    $(DESTDIR)$(pkgdatadir)/rules.communes.img
	$(Q)for c in $(AIG_CATALOGUES); do \
		l=$${c%%:*}; d=$${c#*:}; \
		$(INSTALL) -d $(DESTDIR)$(localedir)/$$l/LC_MESSAGES && \
		$(INSTALL_DATA) build/locale/$$l/LC_MESSAGES/$$d.mo \
		    $(DESTDIR)$(localedir)/$$l/LC_MESSAGES/$$d.mo || exit 1; \
	done
	$(Q)if [ -e $(DESTDIR)$(pkgconfdir)/aiguillage.conf ]; then \
		echo "  keeping $(DESTDIR)$(pkgconfdir)/aiguillage.conf"; \
	else \
		$(INSTALL_DATA) packaging/aiguillage.conf \
		    $(DESTDIR)$(pkgconfdir)/aiguillage.conf; \
	fi

# Removes what install wrote, except the state directory (cases) and a
# configuration that differs from the shipped one.
uninstall:
	rm -f $(DESTDIR)$(bindir)/aiguillage $(DESTDIR)$(man1dir)/aiguillage.1 \
	    $(DESTDIR)$(bashcompdir)/aiguillage \
	    $(AIG_UNITS:%=$(DESTDIR)$(systemdunitdir)/%)
	for c in $(AIG_CATALOGUES); do \
		rm -f $(DESTDIR)$(localedir)/$${c%%:*}/LC_MESSAGES/$${c#*:}.mo; \
	done
	rm -rf $(DESTDIR)$(pkgdatadir)
	rm -f $(DESTDIR)$(docdir)/README.md $(AIG_DOCS:doc/%=$(DESTDIR)$(docdir)/%)
	rmdir $(DESTDIR)$(docdir) 2>/dev/null || :
	if cmp -s packaging/aiguillage.conf \
	    $(DESTDIR)$(pkgconfdir)/aiguillage.conf; then \
		rm -f $(DESTDIR)$(pkgconfdir)/aiguillage.conf; \
		rmdir $(DESTDIR)$(pkgconfdir) 2>/dev/null || :; \
	elif [ -e $(DESTDIR)$(pkgconfdir)/aiguillage.conf ]; then \
		echo "  kept $(DESTDIR)$(pkgconfdir)/aiguillage.conf (modified)"; \
	fi
	rmdir $(DESTDIR)$(pkgstatedir) 2>/dev/null || \
	    echo "  kept $(DESTDIR)$(pkgstatedir) (not empty)"

# The Debian package, built from a copy of the tracked files (their
# working-tree content; untracked files and build output stay out) with
# packaging/debian as debian/. Everything lands in build/deb/: the
# staging tree, the .deb, .buildinfo and .changes. Then lintian.
DEB_DIR = build/deb
DEB_SRC = $(DEB_DIR)/aiguillage-$(AIG_VERSION)

deb:
	@command -v dpkg-buildpackage >/dev/null || { echo "make deb needs" \
	    "dpkg-dev, debhelper and lintian: apt-get install dpkg-dev" \
	    "debhelper lintian"; exit 1; }
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_SRC)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z | tar --null -T - --ignore-failed-read -cf - | \
		    tar -xf - -C $(DEB_SRC); \
	else \
		tar --exclude=./build --exclude=./build-san --exclude=./.git \
		    --exclude=./aiguillage -cf - . | tar -xf - -C $(DEB_SRC); \
	fi
	rm -rf $(DEB_SRC)/debian
	cp -R packaging/debian $(DEB_SRC)/debian
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b
	rm -rf $(DEB_SRC)
	@ls -1 $(DEB_DIR)/*.deb
	@if command -v lintian >/dev/null; then \
		echo "lintian:"; \
		lintian -i -I --pedantic --fail-on error,warning \
		    $(DEB_DIR)/*.changes; \
	else \
		echo "lintian not installed: apt-get install lintian"; \
	fi

# A syntax check of the RPM spec (rpmspec parses it; rpmlint if present).
rpm-spec-check:
	@command -v rpmspec >/dev/null || { echo "rpm-spec-check needs rpm:" \
	    "apt-get install rpm"; exit 1; }
	rpmspec -P packaging/rpm/aiguillage.spec >/dev/null
	@if command -v rpmlint >/dev/null; then \
		rpmlint packaging/rpm/aiguillage.spec; fi
