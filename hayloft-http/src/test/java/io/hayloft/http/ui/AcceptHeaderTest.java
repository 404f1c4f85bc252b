package io.hayloft.http.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptHeaderTest {
    @Test
    void browsersPreferHtml() {
        assertThat(AcceptHeader.prefersHtml(
                "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8")).isTrue();
        assertThat(AcceptHeader.prefersHtml("text/html")).isTrue();
        assertThat(AcceptHeader.prefersHtml("application/xhtml+xml")).isTrue();
        assertThat(AcceptHeader.prefersHtml("TEXT/HTML; charset=utf-8")).isTrue();
    }

    @Test
    void curlJsonClientsAndNoHeaderDoNot() {
        assertThat(AcceptHeader.prefersHtml("*/*")).isFalse();
        assertThat(AcceptHeader.prefersHtml(null)).isFalse();
        assertThat(AcceptHeader.prefersHtml("")).isFalse();
        assertThat(AcceptHeader.prefersHtml("application/json")).isFalse();
        assertThat(AcceptHeader.prefersHtml("text/*")).isFalse();
    }

    @Test
    void weighsHtmlAgainstJson() {
        assertThat(AcceptHeader.prefersHtml("application/json, text/html;q=0.5")).isFalse();
        assertThat(AcceptHeader.prefersHtml("application/json;q=0.5, text/html")).isTrue();
        assertThat(AcceptHeader.prefersHtml("text/html;q=0")).isFalse();
    }

    @Test
    void malformedQualitiesCountAsRefusals() {
        assertThat(AcceptHeader.prefersHtml("text/html;q=banana")).isFalse();
        assertThat(AcceptHeader.prefersHtml("text/html;q=7")).isFalse();
        assertThat(AcceptHeader.prefersHtml(",,;;=,text/html")).isTrue();
    }
}
