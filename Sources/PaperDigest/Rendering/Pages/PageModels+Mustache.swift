import Mustache

// Field lookup by name for the models templates read most (every card, every frame), so
// Mustache does not reflect over a whole struct with `Mirror` for each `{{name}}`. The
// other models fall back to reflection. A name not listed here renders as missing: keep
// these in step with the properties.

extension PageFrame: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "siteTitle": return siteTitle
        case "title": return title
        case "description": return description
        case "root": return root
        case "canonicalURL": return canonicalURL
        case "nav": return nav
        case "feeds": return feeds
        case "noIndex": return noIndex
        default: return nil
        }
    }
}

extension NavLink: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": return label
        case "href": return href
        case "current": return current
        default: return nil
        }
    }
}

extension AlternateLink: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "href": return href
        case "type": return type
        default: return nil
        }
    }
}

extension PageLink: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": return label
        case "href": return href
        default: return nil
        }
    }
}

extension CardView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "id": return id
        case "href": return href
        case "title": return title
        case "leadEmoji": return leadEmoji
        case "leadTopicTitle": return leadTopicTitle
        case "sentiment": return sentiment
        case "sourceLabel": return sourceLabel
        case "sourceHref": return sourceHref
        case "dateISO": return dateISO
        case "dateText": return dateText
        case "dateLong": return dateLong
        case "scoreText": return scoreText
        case "scoreLabel": return scoreLabel
        case "summary": return summary
        // Feeds that give only a title leave an item without a summary.
        case "hasSummary": return !summary.isEmpty
        case "topics": return topics
        case "entities": return entities
        case "hasTopics": return hasTopics
        case "hasEntities": return hasEntities
        default: return nil
        }
    }
}

extension SentimentView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "word": return word
        case "symbol": return symbol
        case "tone": return tone
        default: return nil
        }
    }
}

extension TopicChip: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "slug": return slug
        case "title": return title
        case "emoji": return emoji
        case "href": return href
        default: return nil
        }
    }
}

extension EntityChip: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "slug": return slug
        case "name": return self.name
        default: return nil
        }
    }
}

extension Pagination: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": return label
        case "previousPage": return previousPage
        case "nextPage": return nextPage
        case "entries": return entries
        case "position": return position
        default: return nil
        }
    }
}

extension Pagination.Entry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "number": return number
        case "href": return href
        case "current": return current
        case "gap": return gap
        default: return nil
        }
    }
}

extension DigestBody: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "heading": return heading
        case "countLine": return countLine
        case "highlights": return highlights
        case "others": return others
        case "previousDigest": return previousDigest
        case "nextDigest": return nextDigest
        case "related": return related
        case "relatedLabel": return relatedLabel
        default: return nil
        }
    }
}

extension DigestPage: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "frame": return frame
        case "digest": return digest
        default: return nil
        }
    }
}

extension TopicPage: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "frame": return frame
        case "topic": return topic
        case "countLine": return countLine
        case "cards": return cards
        case "pagination": return pagination
        default: return nil
        }
    }
}

extension SourcePage: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "frame": return frame
        case "source": return source
        case "countLine": return countLine
        case "cards": return cards
        case "pagination": return pagination
        default: return nil
        }
    }
}

extension ItemPage: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "frame": return frame
        case "card": return card
        case "authorLine": return authorLine
        case "categoryList": return categoryList
        case "links": return links
        case "abstractHTML": return abstractHTML
        case "abstractText": return abstractText
        case "contentHTML": return contentHTML
        case "hasAbstract": return abstractHTML != nil || abstractText != nil || contentHTML != nil
        case "comment": return comment
        case "journalReference": return journalReference
        case "versionText": return versionText
        case "seenIn": return seenIn
        case "explanations": return explanations
        case "probabilities": return probabilities
        case "classifiedWith": return classifiedWith
        case "relatedItems": return relatedItems
        default: return nil
        }
    }
}

extension FeedModel: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "description": return description
        case "siteURL": return siteURL
        case "rssURL": return rssURL
        case "atomURL": return atomURL
        case "updatedRFC822": return updatedRFC822
        case "updatedRFC3339": return updatedRFC3339
        case "generator": return generator
        case "entries": return entries
        default: return nil
        }
    }
}

extension FeedEntry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "link": return link
        case "originalURL": return originalURL
        case "title": return title
        case "summary": return summary
        case "publishedRFC822": return publishedRFC822
        case "publishedRFC3339": return publishedRFC3339
        case "updatedRFC3339": return updatedRFC3339
        case "authors": return authors
        case "categories": return categories
        default: return nil
        }
    }
}

extension FeedEntryCategory: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "domain": return domain
        case "term": return term
        case "label": return label
        case "scheme": return scheme
        default: return nil
        }
    }
}

extension SitemapModel: MustacheParent {
    public func child(named name: String) -> Any? { name == "entries" ? entries : nil }
}

extension SitemapModel.Entry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "loc": return loc
        case "lastmod": return lastmod
        default: return nil
        }
    }
}
