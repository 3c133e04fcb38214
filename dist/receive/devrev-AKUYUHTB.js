import{c as a}from"./chunk-DIJ6WTJ2.js";import"./chunk-E45YKGCK.js";export{a as reactions};
