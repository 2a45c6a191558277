"""The editing app at `/admin/` of the published site: forms in the browser for editors
who do not use git.

The app is Sveltia CMS (from npm, served from the site's own files). Its configuration
is generated from the schemas, the vocabularies and the taxonomies (`config.py`), never
written by hand, and the finish stage copies the app into the built site (`publish.py`).
"""

from lessons_kb.cms.config import cms_config, config_text
from lessons_kb.cms.options import CmsOptions, cms_options
from lessons_kb.cms.publish import ADMIN_FOLDER, CmsMissing, publish_admin

__all__ = [
    "ADMIN_FOLDER",
    "CmsMissing",
    "CmsOptions",
    "cms_config",
    "cms_options",
    "config_text",
    "publish_admin",
]
