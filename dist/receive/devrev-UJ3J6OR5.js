import{c as a}from"./chunk-GH7NCTVQ.js";import"./chunk-472RBODU.js";export{a as reactions};
