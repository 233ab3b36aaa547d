"""Framework knowledge base: frameworks as sourced, versioned data, published as 1EdTech CASE 1.0."""
