import{p as a}from"./chunk-YA7SM6ZC.js";import"./chunk-E45YKGCK.js";export{a as reactions};
